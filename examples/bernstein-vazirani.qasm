// Bernstein-Vazirani with the hidden string 1011 (q[0] is its least significant bit): one query reveals it, c = 1011.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[4];
qreg oracle[1];
creg c[4];
x oracle[0];
h oracle[0];
h q;
cx q[0], oracle[0];
cx q[1], oracle[0];
cx q[3], oracle[0];
h q;
measure q -> c;
