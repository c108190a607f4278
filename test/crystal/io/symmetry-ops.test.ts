import { describe, expect, test } from "vitest";
import { ParseError } from "../../../src/crystal/errors.js";
import { applyXyzOperation, formatXyzOperation, isIdentityXyzOperation, parseXyzOperation } from "../../../src/crystal/io/index.js";

describe("parseXyzOperation reads Jones-faithful operation strings", () => {
  test("identity and inversion", () => {
    expect(isIdentityXyzOperation(parseXyzOperation("x,y,z"))).toBe(true);
    expect(isIdentityXyzOperation(parseXyzOperation("X, Y, Z"))).toBe(true);
    const inv = parseXyzOperation("-x,-y,-z");
    expect(inv.rotation).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, -1]);
    expect(inv.translation).toEqual([0, 0, 0]);
  });
  test("hexagonal rotation with screw translation: x-y, x, z+1/6", () => {
    const op = parseXyzOperation("x-y,x,z+1/6");
    expect(op.rotation).toEqual([1, -1, 0, 1, 0, 0, 0, 0, 1]);
    expect(op.translation[2]).toBeCloseTo(1 / 6, 15);
  });
  test("translation written first, decimals, spaces and a leading plus: 1/2+x, 0.25-y, +z", () => {
    const op = parseXyzOperation(" 1/2+x , 0.25-y , +z ");
    expect(op.rotation).toEqual([1, 0, 0, 0, -1, 0, 0, 0, 1]);
    expect(op.translation).toEqual([0.5, 0.25, 0]);
    expect(applyXyzOperation(op, 0.1, 0.2, 0.3)).toEqual([0.6, 0.25 - 0.2, 0.3]);
  });
  test.each([
    ["x,y", /three/],
    ["x,y,z,x", /more than three/],
    ["x,y,w", /unexpected character 'w'/],
    ["x,,z", /component 2 is empty/],
    ["x,y,z+", /dangling sign/],
    ["x,y,z+1/0", /bad fraction/],
    ["xy,y,z", /missing '\+' or '-'/],
  ])("%s is a ParseError (%s)", (text, reason) => {
    expect(() => parseXyzOperation(text, "f.cif", 12)).toThrow(ParseError);
    expect(() => parseXyzOperation(text, "f.cif", 12)).toThrow(reason);
    expect(() => parseXyzOperation(text, "f.cif", 12)).toThrow(/^f\.cif:12: /);
  });
});

describe("formatXyzOperation writes pymatgen's as_xyz_string style and round-trips", () => {
  test.each([
    ["x, y, z", "x, y, z"],
    ["-x+1/2,y,-z+1/4", "-x+1/2, y, -z+1/4"],
    ["x-y,x,z+1/6", "x-y, x, z+1/6"],
    ["-y+x, -y, -z+2/3", "x-y, -y, -z+2/3"],
    ["1/2+x,1/2+y,z", "x+1/2, y+1/2, z"],
    ["-x,-y,z-1/2", "-x, -y, z-1/2"],
  ])("%s → %s", (input, expected) => {
    const op = parseXyzOperation(input);
    expect(formatXyzOperation(op)).toBe(expected);
    expect(parseXyzOperation(formatXyzOperation(op))).toEqual(op);
  });
});
