import type { ScreenAuthorizeInfo } from "hasync";
import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../../api/client.js";
import { describeError } from "../../api/errors.js";
import { Loading } from "../Messages.js";
import { AuthorizePairing } from "./AuthorizePairing.js";
import { authorizeApi } from "./api.js";
import { type AuthorizeParams, requestProblem } from "./authorize-url.js";
import "./authorize.css";

type State =
  | { kind: "checking" }
  /** HA's words for a client it would not sign in; the page never redirects then. */
  | { kind: "refused"; message: string }
  | { kind: "unreachable"; error: unknown }
  | { kind: "pairing"; client: ScreenAuthorizeInfo };

/** The server's answer on the client: HA's own words when it refuses one (400 or 403). */
async function checkClient(params: AuthorizeParams): Promise<State> {
  const problem = requestProblem(params);
  if (problem !== null) return { kind: "refused", message: problem };
  try {
    const client = await authorizeApi.client({
      client_id: params.clientId,
      redirect_uri: params.redirectUri,
    });
    return { kind: "pairing", client };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 400 || error.status === 403) && error.serverMessage) {
      return { kind: "refused", message: error.serverMessage };
    }
    return { kind: "unreachable", error };
  }
}

/**
 * HA's `/auth/authorize`, answered by HAsync's pairing: the client is checked first (as HA's
 * page does before it shows a login form), then the device pairs by code and, once approved,
 * returns to the client with an authorization code.
 */
export function AuthorizeApp({ params }: { params: AuthorizeParams }) {
  const [state, setState] = useState<State>({ kind: "checking" });
  const check = useCallback(() => {
    setState({ kind: "checking" });
    void checkClient(params).then(setState);
  }, [params]);
  useEffect(check, [check]);

  switch (state.kind) {
    case "checking":
      return <Loading />;
    case "pairing":
      return <AuthorizePairing client={state.client} state={params.state} />;
    case "refused":
      return (
        <main className="screen message">
          <div className="message-body">
            <h1>This sign-in cannot go ahead</h1>
            <p className="notice notice-bad" role="alert">
              {state.message}
            </p>
            {params.redirectUri !== "" && <p className="authorize-uri">{params.redirectUri}</p>}
            <p>Nothing was sent back to the app. Start the sign-in again from the app itself.</p>
          </div>
        </main>
      );
    case "unreachable":
      return (
        <main className="screen message">
          <div className="message-body" role="alert">
            <h1>HAsync could not check this sign-in</h1>
            <p>{describeError(state.error)}</p>
            <button type="button" className="button primary" onClick={check}>
              Try again
            </button>
          </div>
        </main>
      );
  }
}
