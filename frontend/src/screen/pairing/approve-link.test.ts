import { describe, expect, it } from "vitest";
import { linkToType } from "./approve-link.js";

describe("linkToType", () => {
  it("leaves out the code, which is shown large beside the link", () => {
    expect(linkToType("http://hasync.lan:8099/admin/pair?code=7GRE-U3WX", "7GRE-U3WX")).toBe(
      "http://hasync.lan:8099/admin/pair",
    );
    expect(linkToType("http://h:8099/admin/pair?x=1&code=ABCD-EFGH", "ABCD-EFGH")).toBe(
      "http://h:8099/admin/pair?x=1",
    );
  });

  it("keeps any other link whole", () => {
    expect(linkToType("https://ha.example/hassio/ingress/hasync", "ABCD-EFGH")).toBe(
      "https://ha.example/hassio/ingress/hasync",
    );
    expect(linkToType("not a url", "ABCD-EFGH")).toBe("not a url");
  });
});
