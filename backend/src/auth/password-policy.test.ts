import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy.js";

describe("passwordProblem", () => {
  it("accepts a long, unusual password", () => {
    expect(passwordProblem("correct horse battery staple", "admin")).toBeNull();
  });

  it("advises the add-on's sidebar and configuration inside Home Assistant", () => {
    const reason = passwordProblem(undefined, "admin", "addon") ?? "";
    expect(reason).toMatch(/no admin password is set/);
    expect(reason).toMatch(/Home Assistant sidebar/);
    expect(reason).toMatch(/add-on's configuration/);
  });

  it("advises the environment variable when HAsync runs on its own", () => {
    expect(passwordProblem("short", "admin", "standalone")).toMatch(
      /shorter than 10[\s\S]*HASYNC_ADMIN_PASSWORD=/,
    );
  });

  it.each(["password123", "CHANGE-THIS-PASSWORD", "aaaaaaaaaaaa", "1234567890"])("refuses %s", (password) => {
    expect(passwordProblem(password, "admin")).toMatch(/well-known|trivially/);
  });
});
