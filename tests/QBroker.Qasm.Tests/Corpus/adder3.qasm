OPENQASM 3.0;
include "stdgates.inc";
// The same ripple-carry adder with loops over the carry chain.
gate majority a, b, c {
    cx c, b;
    cx c, a;
    ccx a, b, c;
}
gate unmaj a, b, c {
    ccx a, b, c;
    cx c, a;
    cx a, b;
}
qubit cin;
qubit[4] a;
qubit[4] b;
qubit cout;
bit[5] ans;
x a[0];
x b;
majority cin, b[0], a[0];
for uint i in [1:3] majority a[i-1], b[i], a[i];
cx a[3], cout;
for int i in [3:-1:1] unmaj a[i-1], b[i], a[i];
unmaj cin, b[0], a[0];
for uint i in [0:3] ans[i] = measure b[i];
ans[4] = measure cout;
