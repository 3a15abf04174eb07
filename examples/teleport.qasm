// Teleports u3(0.3, 0.2, 0.1)|0> from q[0] to q[2] with classically controlled corrections.
// Whatever Alice measures, Bob's bit is 1 with probability sin^2(0.15) = 0.0223.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
creg alice0[1];
creg alice1[1];
creg bob[1];
u3(0.3, 0.2, 0.1) q[0];
h q[1];
cx q[1], q[2];
cx q[0], q[1];
h q[0];
measure q[0] -> alice0[0];
measure q[1] -> alice1[0];
if (alice0 == 1) z q[2];
if (alice1 == 1) x q[2];
measure q[2] -> bob[0];
