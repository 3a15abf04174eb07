// Grover search over 8 states for |101>, two iterations: P(101) = sin^2(5 asin(1/sqrt 8)) = 0.9453.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
creg c[3];
h q;
// iteration 1: oracle flips the phase of |101> (q[0] = 1, q[1] = 0, q[2] = 1)
x q[1]; h q[2]; ccx q[0], q[1], q[2]; h q[2]; x q[1];
h q; x q; h q[2]; ccx q[0], q[1], q[2]; h q[2]; x q; h q;
// iteration 2
x q[1]; h q[2]; ccx q[0], q[1], q[2]; h q[2]; x q[1];
h q; x q; h q[2]; ccx q[0], q[1], q[2]; h q[2]; x q; h q;
measure q -> c;
