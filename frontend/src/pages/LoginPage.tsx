import type { AdminUser, AuthStatusResponse, MeResponse } from "hasync";
import { type FormEvent, useState } from "react";
import { api } from "../api/client.js";
import { useResource } from "../api/resource.js";
import { ErrorNotice, Icon, Loading, Notice } from "../components/ui.js";

interface Props {
  /** True when a session just ended (expired or signed out elsewhere). */
  ended: boolean;
  onSignedIn: (user: AdminUser) => void;
}

/**
 * Sign-in for direct access on the LAN port. Inside Home Assistant's sidebar nobody sees this:
 * ingress already says who the admin is. When password login is off, say why and what to do.
 */
export function LoginPage({ ended, onSignedIn }: Props) {
  const status = useResource<AuthStatusResponse>("auth/status");
  const [username, setUsername] = useState("admin");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    api.post<MeResponse>("auth/login", { username, password }).then(
      (me) => onSignedIn(me.user),
      (e: unknown) => {
        setError(e);
        setBusy(false);
      },
    );
  };

  const login = status.data?.password_login;
  return (
    <main className="page narrow login">
      <div className="login-brand">
        <Icon name="home" />
        <h1>HAsync</h1>
      </div>
      <p className="lede">Paired, scoped access to Home Assistant for tablets, TVs, kiosks and guests.</p>
      {ended && <Notice tone="info">Your session ended. Sign in again to continue.</Notice>}
      {status.loading && !status.data && <Loading />}
      <ErrorNotice error={status.error} onRetry={status.reload} />
      {login && !login.enabled && (
        <section className="card" aria-labelledby="login-off">
          <h2 id="login-off">Password sign-in is turned off</h2>
          {/* The server says why and how to fix it; this is the fallback if it gives no reason. */}
          <p>
            {login.reason ??
              "Open HAsync from the Home Assistant sidebar (no password needed there), or set a strong admin password in the add-on's configuration and restart it."}
          </p>
        </section>
      )}
      {login?.enabled && (
        <form className="card login-form" onSubmit={submit} aria-labelledby="login-title">
          <h2 id="login-title">Sign in</h2>
          <div className="field">
            <label htmlFor="username">Username</label>
            <input
              id="username"
              name="username"
              autoComplete="username"
              required
              maxLength={128}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              maxLength={1024}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <ErrorNotice error={error} />
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
          <p className="hint">
            Inside Home Assistant, open HAsync from the sidebar instead: no password needed there.
          </p>
        </form>
      )}
    </main>
  );
}
