OPENQASM 3.0;
include "stdgates.inc";
// Teleportation with OpenQASM 3 measurement assignment and bit conditions.
qubit[3] q;
bit c0;
bit c1;
bit c2;
U(0.3, 0.2, 0.1) q[0];
h q[1];
cx q[1], q[2];
barrier q;
cx q[0], q[1];
h q[0];
c0 = measure q[0];
c1[0] = measure q[1];
if (c0) {
    z q[2];
}
if (c1[0] == 1) x q[2];
c2 = measure q[2];
