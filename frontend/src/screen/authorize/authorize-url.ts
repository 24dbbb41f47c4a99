/**
 * HA's `/auth/authorize` page, as HAsync's pairing screen answers it: what the client asked for
 * (the query of home-assistant-js-websocket's `genAuthorizeUrl`), the checks HA's own page makes
 * before anything else, and the address it sends the browser back to with the code.
 */
export interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  /** Passed back untouched; HA's clients keep their own state in it (hajs: the HA URL, base64). */
  state: string;
}

/** The authorize page is `auth/authorize` under the document base (`/` on the LAN port). */
export function isAuthorizePage(pathname: string, baseUri: string): boolean {
  return new URL("auth/authorize", baseUri).pathname === pathname;
}

/**
 * `?response_type=code&client_id=…&redirect_uri=…&state=…`. HA's page reads only these three
 * (home-assistant/frontend `src/auth/ha-authorize.ts`, constructor) and never looks at
 * `response_type`: every HA client sends `code`, and a code is all the flow gives.
 */
export function readAuthorizeParams(search: string): AuthorizeParams {
  const query = new URLSearchParams(search);
  return {
    clientId: query.get("client_id") ?? "",
    redirectUri: query.get("redirect_uri") ?? "",
    state: query.get("state") ?? "",
  };
}

/** Schemes HA's page refuses to send a code to (`ha-authorize.ts firstUpdated`). */
const UNSAFE_SCHEMES = new Set(["javascript:", "data:", "vbscript:", "file:", "about:"]);

/**
 * HA's own words when the request cannot be answered at all, before the server is asked: HA's
 * page says "Invalid redirect URI" for a missing, unreadable or script redirect_uri
 * (`ha-authorize.ts firstUpdated`), and its login flow "Invalid client id" for a client_id
 * that is missing (`components/auth/login_flow.py`). null: ask the server.
 */
export function requestProblem(params: AuthorizeParams): string | null {
  if (params.redirectUri === "") return "Invalid redirect URI";
  let url: URL;
  try {
    url = new URL(params.redirectUri);
  } catch {
    return "Invalid redirect URI";
  }
  if (UNSAFE_SCHEMES.has(url.protocol)) return "Invalid redirect URI";
  if (params.clientId === "") return "Invalid client id";
  return null;
}

/**
 * Where the browser goes with the code: exactly HA's `redirectWithAuthCode`
 * (home-assistant/frontend `src/data/auth.ts`, called by `src/auth/ha-auth-flow.ts`): the
 * redirect_uri's own query kept (OAuth 2 §3.1.2), then `code`, `state` when there is one, and
 * `storeToken=true` (HA's "Keep me logged in"; a paired device stays signed in until revoked).
 */
export function redirectWithCode(
  redirectUri: string,
  code: string,
  state: string,
  storeToken = true,
): string {
  let url = redirectUri;
  if (!url.includes("?")) url += "?";
  else if (!url.endsWith("&")) url += "&";
  url += `code=${encodeURIComponent(code)}`;
  if (state) url += `&state=${encodeURIComponent(state)}`;
  if (storeToken) url += "&storeToken=true";
  return url;
}
