// Bell pair: outcomes 00 and 11, half each on an ideal device; a few percent 01/10 on noisy ones.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
creg c[2];
h q[0];
cx q[0], q[1];
measure q -> c;
