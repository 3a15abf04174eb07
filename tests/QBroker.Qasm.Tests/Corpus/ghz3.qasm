OPENQASM 3.0;
include "stdgates.inc";
// GHZ state on five qubits, written with a loop.
const uint n = 5;
qubit[n] q;
bit[n] c;
h q[0];
for uint i in [0:n-2] {
    cx q[i], q[i+1];
}
barrier q;
c = measure q;
