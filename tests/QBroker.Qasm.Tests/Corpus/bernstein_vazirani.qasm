OPENQASM 2.0;
include "qelib1.inc";
// Bernstein-Vazirani with the hidden string s = 1011 (s0 = 1, s1 = 1, s2 = 0, s3 = 1): one query reveals s.
qreg q[4];
qreg anc[1];
creg c[4];
x anc[0];
h anc[0];
h q;
cx q[0],anc[0];
cx q[1],anc[0];
cx q[3],anc[0];
h q;
measure q -> c;
