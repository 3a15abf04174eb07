// Bell pair in OpenQASM 3. On a noisy device a few percent of shots land on 01 and 10.
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
c = measure q;
