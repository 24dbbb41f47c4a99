import type { ApproveRequest, Device, PendingPairing, Scope } from "hasync";
import { useState } from "react";
import { api } from "../api/client.js";
import { describeError } from "../api/errors.js";
import { ExpiryField, type ExpiryValue } from "../components/ExpiryField.js";
import { Card } from "../components/ui.js";
import { clientName } from "../interface/dashboards.js";
import { navigate } from "../router/router.js";
import { hrefOf } from "../router/routes.js";
import { emptyScope } from "../scope/model.js";
import { ScopeEditor } from "../scope/ScopeEditor.js";
import { ScopeSummaryBar } from "../scope/ScopeSummaryBar.js";
import { expiresAtOf } from "./expiry.js";
import { nameProblem } from "./name.js";

interface Props {
  request: PendingPairing;
  /** Called as the decision is sent (with undefined again if it failed). */
  onDeciding: (request: PendingPairing | undefined) => void;
  /** Drops the request from the waiting list at once, without waiting for the push event. */
  onDecided: (userCode: string) => void;
}

/** Steps two to four: name the device, pick what it may see and do and for how long, decide. */
export function ApproveForm({ request, onDeciding, onDecided }: Props) {
  const [name, setName] = useState(request.name);
  // Every device starts read-only; an AI agent above all (issue 15): control is the admin's choice.
  const [scope, setScope] = useState<Scope>(() => ({ ...emptyScope(), access: "read" }));
  const [expiry, setExpiry] = useState<ExpiryValue>({ choice: "never", custom: "" });
  const [busy, setBusy] = useState<"approve" | "deny">();
  const [error, setError] = useState<unknown>();
  const expires = expiresAtOf(expiry.choice, expiry.custom, Date.now());
  const problem = nameProblem(name);
  const empty = scope.areas.length === 0 && scope.entities.length === 0;

  /** Sends a decision; on success the request leaves the list and `next` says where to go. */
  const send = (action: "approve" | "deny", call: Promise<string>) => {
    setBusy(action);
    setError(undefined);
    onDeciding(request);
    call.then(
      (next) => {
        onDecided(request.user_code);
        navigate(next, {
          flash: action === "approve" ? `${name.trim()} is paired.` : `${request.name} was denied.`,
        });
      },
      (e: unknown) => {
        onDeciding(undefined);
        setBusy(undefined);
        setError(e);
      },
    );
  };

  const approve = () => {
    if (problem !== undefined || !expires.ok) return;
    const body: ApproveRequest = {
      user_code: request.user_code,
      name: name.trim(),
      scope,
      expires_at: expires.expiresAt,
    };
    send(
      "approve",
      api
        .post<Device>("admin/pairing/approve", body)
        .then((device) => hrefOf({ name: "device", id: device.id })),
    );
  };

  const deny = () =>
    send(
      "deny",
      api
        .post("admin/pairing/deny", { user_code: request.user_code })
        .then(() => hrefOf({ name: "overview" })),
    );

  return (
    <>
      <Card title="Name it" headingId="name">
        <div className="field">
          <label htmlFor="device-name">Device name</label>
          <input
            id="device-name"
            value={name}
            maxLength={80}
            aria-invalid={problem ? true : undefined}
            aria-describedby="device-name-hint"
            onChange={(e) => setName(e.target.value)}
          />
          <p className="hint" id="device-name-hint">
            {problem ? (
              <span className="problem">{problem}</span>
            ) : (
              "Shown in HAsync’s lists and the activity log."
            )}
          </p>
          {request.client_id && (
            <p className="notice" role="note">
              This device signs in to {clientName(request.client_id)} through Home Assistant’s login.
              Approving gives that app this device’s access; approve only if you opened it yourself.
            </p>
          )}
        </div>
      </Card>
      <ScopeEditor scope={scope} onChange={setScope}>
        {request.type === "ai_agent" && (
          <p className="hint agent-hint">
            An AI agent starts read-only. If it may control, locks, alarm panels, valves, garage doors and
            gates still ask you first; a limit bounds what it may set.
          </p>
        )}
      </ScopeEditor>
      <Card title="For how long?" headingId="expiry">
        <ExpiryField value={expiry} onChange={setExpiry} problem={expires.ok ? undefined : expires.problem} />
      </Card>
      <div className="action-bar">
        <ScopeSummaryBar
          scope={scope}
          subject={name.trim() || request.name}
          expiresAt={expires.ok ? expires.expiresAt : null}
        />
        {error !== undefined && (
          <p className="problem" role="alert">
            {describeError(error)}
          </p>
        )}
        <div className="row end">
          <button type="button" className="button" disabled={busy !== undefined} onClick={deny}>
            Deny
          </button>
          <button
            type="button"
            className="button primary"
            disabled={busy !== undefined || problem !== undefined || !expires.ok || empty}
            onClick={approve}
          >
            {busy === "approve" ? "Approving…" : "Approve"}
          </button>
        </div>
      </div>
    </>
  );
}
