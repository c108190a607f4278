// M3GNet's basis constants against hand-known values: zeros of spherical Bessel functions, Legendre polynomials.
import { describe, expect, it } from "vitest";
import { legendreCoefficients, sphericalBessel, sphericalBesselRoots } from "../../../src/models/m3gnet/basis.js";

describe("M3GNet basis constants", () => {
  it("j_0 vanishes at nπ; j_1 and j_2 at their tabulated zeros (Abramowitz & Stegun 10.1)", () => {
    expect(sphericalBesselRoots(0, 3)).toEqual([Math.PI, 2 * Math.PI, 3 * Math.PI].map((x) => expect.closeTo(x, 12)));
    expect(sphericalBesselRoots(1, 3)).toEqual([4.493409458, 7.725251837, 10.904121659].map((x) => expect.closeTo(x, 8)));
    expect(sphericalBesselRoots(2, 2)).toEqual([5.763459197, 9.095011330].map((x) => expect.closeTo(x, 8)));
  });
  it("j_l follows its closed forms (j_2(x) = (3/x² − 1) sin x / x − 3 cos x / x²)", () => {
    const x = 1.7;
    expect(sphericalBessel(0, x)).toBeCloseTo(Math.sin(x) / x, 14);
    expect(sphericalBessel(2, x)).toBeCloseTo((3 / x ** 2 - 1) * (Math.sin(x) / x) - (3 * Math.cos(x)) / x ** 2, 14);
  });
  it("Legendre coefficients: P_2 = (3x² − 1)/2, P_3 = (5x³ − 3x)/2", () => {
    const c = legendreCoefficients(4);
    expect(c[2]).toEqual([-0.5, 0, 1.5]);
    expect(c[3]).toEqual([0, -1.5, 0, 2.5]);
  });
});
