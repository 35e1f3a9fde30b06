/* Keccak-f[1600] on as many states as V has 64-bit lanes (4 in a ymm, 8 in a
 * zmm), shared by the multi-buffer hashes (keccak_x4_avx2.c, keccak_x4_avx512.c
 * through keccak_x4_body.h) and Ethash's 8-way node hashing
 * (pow/ethash_nodes_avx512.c). The includer defines V, V_XOR, V_XOR5, V_ROL,
 * V_CHI, V_SET1 for its ISA and KECCAK_PERM_NAME, the function's name.
 * Lane k of vector s[i] is lane i (= A[x + 5y], FIPS 202 3.1.2) of state k.
 * The round is the one of keccak.c's scalar reference: theta (3.2.1), rho and
 * pi (3.2.2, 3.2.3) fused as B[y][2x+3y] = ROT(A[x][y] ^ D[x], r[x][y]),
 * chi (3.2.4) and iota (3.2.5). */

static void KECCAK_PERM_NAME(V s[25]) {
    V a00 = s[0], a01 = s[1], a02 = s[2], a03 = s[3], a04 = s[4];
    V a05 = s[5], a06 = s[6], a07 = s[7], a08 = s[8], a09 = s[9];
    V a10 = s[10], a11 = s[11], a12 = s[12], a13 = s[13], a14 = s[14];
    V a15 = s[15], a16 = s[16], a17 = s[17], a18 = s[18], a19 = s[19];
    V a20 = s[20], a21 = s[21], a22 = s[22], a23 = s[23], a24 = s[24];
    for (int r = 0; r < 24; r++) {
        V c0 = V_XOR5(a00, a05, a10, a15, a20), c1 = V_XOR5(a01, a06, a11, a16, a21);
        V c2 = V_XOR5(a02, a07, a12, a17, a22), c3 = V_XOR5(a03, a08, a13, a18, a23);
        V c4 = V_XOR5(a04, a09, a14, a19, a24);
        V d0 = V_XOR(c4, V_ROL(c1, 1)), d1 = V_XOR(c0, V_ROL(c2, 1));
        V d2 = V_XOR(c1, V_ROL(c3, 1)), d3 = V_XOR(c2, V_ROL(c4, 1));
        V d4 = V_XOR(c3, V_ROL(c0, 1));
        V b00 = V_XOR(a00, d0);
        V b01 = V_ROL(V_XOR(a06, d1), 44), b02 = V_ROL(V_XOR(a12, d2), 43);
        V b03 = V_ROL(V_XOR(a18, d3), 21), b04 = V_ROL(V_XOR(a24, d4), 14);
        V b05 = V_ROL(V_XOR(a03, d3), 28), b06 = V_ROL(V_XOR(a09, d4), 20);
        V b07 = V_ROL(V_XOR(a10, d0), 3), b08 = V_ROL(V_XOR(a16, d1), 45);
        V b09 = V_ROL(V_XOR(a22, d2), 61);
        V b10 = V_ROL(V_XOR(a01, d1), 1), b11 = V_ROL(V_XOR(a07, d2), 6);
        V b12 = V_ROL(V_XOR(a13, d3), 25), b13 = V_ROL(V_XOR(a19, d4), 8);
        V b14 = V_ROL(V_XOR(a20, d0), 18);
        V b15 = V_ROL(V_XOR(a04, d4), 27), b16 = V_ROL(V_XOR(a05, d0), 36);
        V b17 = V_ROL(V_XOR(a11, d1), 10), b18 = V_ROL(V_XOR(a17, d2), 15);
        V b19 = V_ROL(V_XOR(a23, d3), 56);
        V b20 = V_ROL(V_XOR(a02, d2), 62), b21 = V_ROL(V_XOR(a08, d3), 55);
        V b22 = V_ROL(V_XOR(a14, d4), 39), b23 = V_ROL(V_XOR(a15, d0), 41);
        V b24 = V_ROL(V_XOR(a21, d1), 2);
        a00 = V_XOR(V_CHI(b00, b01, b02), V_SET1(sluice_keccak_rc[r]));
        a01 = V_CHI(b01, b02, b03); a02 = V_CHI(b02, b03, b04);
        a03 = V_CHI(b03, b04, b00); a04 = V_CHI(b04, b00, b01);
        a05 = V_CHI(b05, b06, b07); a06 = V_CHI(b06, b07, b08); a07 = V_CHI(b07, b08, b09);
        a08 = V_CHI(b08, b09, b05); a09 = V_CHI(b09, b05, b06);
        a10 = V_CHI(b10, b11, b12); a11 = V_CHI(b11, b12, b13); a12 = V_CHI(b12, b13, b14);
        a13 = V_CHI(b13, b14, b10); a14 = V_CHI(b14, b10, b11);
        a15 = V_CHI(b15, b16, b17); a16 = V_CHI(b16, b17, b18); a17 = V_CHI(b17, b18, b19);
        a18 = V_CHI(b18, b19, b15); a19 = V_CHI(b19, b15, b16);
        a20 = V_CHI(b20, b21, b22); a21 = V_CHI(b21, b22, b23); a22 = V_CHI(b22, b23, b24);
        a23 = V_CHI(b23, b24, b20); a24 = V_CHI(b24, b20, b21);
    }
    s[0] = a00; s[1] = a01; s[2] = a02; s[3] = a03; s[4] = a04;
    s[5] = a05; s[6] = a06; s[7] = a07; s[8] = a08; s[9] = a09;
    s[10] = a10; s[11] = a11; s[12] = a12; s[13] = a13; s[14] = a14;
    s[15] = a15; s[16] = a16; s[17] = a17; s[18] = a18; s[19] = a19;
    s[20] = a20; s[21] = a21; s[22] = a22; s[23] = a23; s[24] = a24;
}
