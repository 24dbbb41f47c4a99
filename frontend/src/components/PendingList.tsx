import type { PendingPairing } from "hasync";
import { useState } from "react";
import { api } from "../api/client.js";
import { describeError } from "../api/errors.js";
import { clientName } from "../interface/dashboards.js";
import { Link } from "../router/router.js";
import { hrefOf } from "../router/routes.js";
import { DEVICE_TYPE_LABEL } from "./devices.js";
import { Icon, TimeAgo } from "./ui.js";

interface Props {
  requests: PendingPairing[];
  onDenied: (userCode: string) => void;
}

/** Devices waiting for approval, each with Approve (pick a scope first) and Deny right there. */
export function PendingList({ requests, onDenied }: Props) {
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState<string>();

  const deny = (request: PendingPairing) => {
    setBusy(request.user_code);
    setProblem(undefined);
    api.post("admin/pairing/deny", { user_code: request.user_code }).then(
      () => {
        setBusy(undefined);
        onDenied(request.user_code);
      },
      (error: unknown) => {
        setBusy(undefined);
        setProblem(describeError(error));
      },
    );
  };

  return (
    <>
      {problem && (
        <p className="notice notice-bad" role="alert">
          {problem}
        </p>
      )}
      <ul className="list">
        {requests.map((r) => (
          <li key={r.user_code} className="list-row pending-row">
            <Icon name={r.type} label={DEVICE_TYPE_LABEL[r.type]} />
            <div className="grow">
              <div className="strong">{r.name}</div>
              <div className="muted small">
                Code <span className="code">{r.user_code}</span> · {DEVICE_TYPE_LABEL[r.type]}
                {r.model ? ` · ${r.model}` : ""}
                {r.ip ? ` · from ${r.ip}` : ""} · asked <TimeAgo at={r.created_at} />
              </div>
              {r.client_id && (
                <div className="muted small">
                  Signs in to {clientName(r.client_id)} through Home Assistant's login
                </div>
              )}
            </div>
            <div className="row">
              <Link className="button primary" href={hrefOf({ name: "pair" }, { code: r.user_code })}>
                Approve<span className="visually-hidden"> {r.name}</span>
              </Link>
              <button
                type="button"
                className="button"
                disabled={busy === r.user_code}
                onClick={() => deny(r)}
              >
                Deny<span className="visually-hidden"> {r.name}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
