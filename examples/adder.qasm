// Cuccaro ripple-carry adder (quant-ph/0410184): 3 + 5 = 8, printed as carry-out then sum bits: 1000.
OPENQASM 2.0;
include "qelib1.inc";
gate majority a, b, c { cx c, b; cx c, a; ccx a, b, c; }
gate unmaj a, b, c { ccx a, b, c; cx c, a; cx a, b; }
qreg cin[1];
qreg a[3];
qreg b[3];
qreg cout[1];
creg sum[4];
x a[0];
x a[1];
x b[0];
x b[2];
majority cin[0], b[0], a[0];
majority a[0], b[1], a[1];
majority a[1], b[2], a[2];
cx a[2], cout[0];
unmaj a[1], b[2], a[2];
unmaj a[0], b[1], a[1];
unmaj cin[0], b[0], a[0];
measure b[0] -> sum[0];
measure b[1] -> sum[1];
measure b[2] -> sum[2];
measure cout[0] -> sum[3];
