import { randomBytes } from "node:crypto";
import { type Request, type Response, Router } from "express";
import { clientIp } from "../auth/ingress.js";
import { BodyError, readJson } from "./form-body.js";
import { isLocalAddress, verifyClientId, verifyRedirectUri } from "./indieauth.js";
import type { HaLogin } from "./service.js";
import { INVALID_CLIENT_ID, INVALID_REDIRECT } from "./service.js";
import { HASYNC_PROVIDER } from "./token-grants.js";

/**
 * HA's login-flow endpoints (`homeassistant/components/auth/login_flow.py`), as far as HA's
 * clients call them. HAsync signs devices in on its pairing screen (`/auth/authorize`), never
 * with a password, so a client that runs the flow itself (a native app posting
 * `["homeassistant", null]`) is told so with the data-entry flow's own `abort` result
 * (`homeassistant/data_entry_flow.py`), and the flow ends there as an aborted flow does.
 */
export const ABORT_REASON = "sign_in_on_pairing_screen";

type Json = Record<string, unknown>;

const message = (res: Response, status: number, text: string): void => {
  res.status(status).json({ message: text });
};

export function flowRouter(login: HaLogin): Router {
  const router = Router();

  // `AuthProvidersView` (current shape: `{providers, preselect_remember_me}`).
  router.get("/auth/providers", (req, res) => {
    res.json({
      providers: [{ name: "HAsync pairing", id: null, type: HASYNC_PROVIDER }],
      preselect_remember_me: isLocalAddress(clientIp(req)),
    });
  });

  // `LoginFlowIndexView.get`: no listing of flows in progress.
  router.get("/auth/login_flow", (_req, res) => {
    res.status(405).end();
  });

  router.post("/auth/login_flow", async (req, res) => {
    const data = await jsonOr400(req, res);
    if (data === null) return;
    const problem = indexProblem(data);
    if (problem !== null) return message(res, 400, `Message format incorrect: ${problem}`);
    const clientId = data.client_id as string;
    if (!verifyClientId(clientId)) return message(res, 400, INVALID_CLIENT_ID);
    const ownHosts = [req.hostname];
    const verified = await verifyRedirectUri(clientId, data.redirect_uri as string, {
      lookup: login.o.lookup,
      ownHosts,
    });
    if (!verified) return message(res, 400, INVALID_REDIRECT);
    res.json({
      type: "abort",
      flow_id: randomBytes(16).toString("hex"),
      handler: data.handler,
      reason: ABORT_REASON,
      description_placeholders: {
        authorize_url: "/auth/authorize",
        message:
          "HAsync signs devices in on its pairing screen: open /auth/authorize and ask an admin to approve.",
      },
    });
  });

  // `LoginFlowResourceView`: every flow was aborted when it began, so none is in progress.
  router.post("/auth/login_flow/:flowId", async (req, res) => {
    const data = await jsonOr400(req, res);
    if (data === null) return;
    if (typeof data.client_id !== "string") {
      return message(res, 400, "Message format incorrect: required key not provided @ data['client_id']");
    }
    if (!verifyClientId(data.client_id)) return message(res, 400, INVALID_CLIENT_ID);
    message(res, 404, "Invalid flow specified");
  });
  router.get("/auth/login_flow/:flowId", (_req, res) => message(res, 404, "Invalid flow specified"));
  router.delete("/auth/login_flow/:flowId", (_req, res) => message(res, 404, "Invalid flow specified"));
  return router;
}

/** `LoginFlowIndexView`'s schema: client_id, handler ([str|None, str|None]), redirect_uri, type?. */
function indexProblem(data: Json): string | null {
  for (const key of ["client_id", "handler", "redirect_uri"]) {
    if (!(key in data)) return `required key not provided @ data['${key}']`;
  }
  if (typeof data.client_id !== "string") return "expected str for dictionary value @ data['client_id']";
  if (typeof data.redirect_uri !== "string")
    return "expected str for dictionary value @ data['redirect_uri']";
  const handler = data.handler;
  if (
    !Array.isArray(handler) ||
    handler.length !== 2 ||
    !handler.every((part) => part === null || (typeof part === "string" && part.length <= 64))
  ) {
    return "expected a list of two strings or nulls for dictionary value @ data['handler']";
  }
  if ("type" in data && typeof data.type !== "string")
    return "expected str for dictionary value @ data['type']";
  return null;
}

/** The JSON object body, or null once HA's `RequestDataValidator` answer is sent. */
async function jsonOr400(req: Request, res: Response): Promise<Json | null> {
  try {
    const data = await readJson(req);
    if (typeof data === "object" && data !== null && !Array.isArray(data)) return data as Json;
    message(res, 400, "Message format incorrect: expected a dictionary");
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    message(res, error.status, error.message);
  }
  return null;
}
