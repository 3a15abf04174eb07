OPENQASM 3;
include "stdgates.inc";
// Bernstein-Vazirani with the hidden string s = 1011; the oracle iterates over the set bits.
qubit[4] q;
qubit anc;
bit[4] c;
x anc;
h anc;
for uint i in [0:3] h q[i];
for uint i in {0, 1, 3} cx q[i], anc;
for uint i in [0:3] h q[i];
c = measure q;
