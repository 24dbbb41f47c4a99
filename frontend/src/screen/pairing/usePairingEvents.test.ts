import { describe, expect, it } from "vitest";
import { ApiError, NetworkError } from "../../api/client.js";
import { outcomeOfCollect } from "./usePairingEvents.js";

describe("outcomeOfCollect", () => {
  it("reads the admin's decision from a collect that answered no session", () => {
    expect(outcomeOfCollect(new ApiError(403, "access_denied", ""))).toBe("denied");
    expect(outcomeOfCollect(new ApiError(410, "expired_token", ""))).toBe("expired");
    expect(outcomeOfCollect(new ApiError(401, "invalid_grant", ""))).toBe("expired");
  });

  it("keeps waiting while the code is pending or HAsync is away", () => {
    expect(outcomeOfCollect(new ApiError(409, "authorization_pending", ""))).toBeNull();
    expect(outcomeOfCollect(new NetworkError())).toBeNull();
    expect(outcomeOfCollect(new ApiError(502, "http_error", ""))).toBeNull();
  });
});
