import type { Invite } from "hasync";
import { useState } from "react";
import { api } from "../api/client.js";
import { ConfirmDialog } from "../components/ConfirmDialog.js";
import { hoursBrief } from "../components/hours.js";
import { Badge, ErrorNotice } from "../components/ui.js";
import { useNow } from "../components/useNow.js";
import { dateTime, expiryInWords } from "../format/time.js";
import { Link } from "../router/router.js";
import { hrefOf } from "../router/routes.js";
import { accessInWords, scopeSummary } from "../scope/model.js";
import { canRevoke, revokeWarning, STATUS_WORDS, usesInWords } from "./status.js";

interface Props {
  invites: Invite[];
  /** Device names by id, for the devices made from each link. */
  names: ReadonlyMap<string, string>;
  /** Area names by id, to say what each link lets a guest see. */
  areaNames: ReadonlyMap<string, string>;
  onRevoked: (invite: Invite) => void;
}

/** Every invite with its status, uses, end, hours and the devices made from it; revoke behind a confirmation. */
export function InviteList({ invites, names, areaNames, onRevoked }: Props) {
  const [revoking, setRevoking] = useState<Invite>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const revoke = (invite: Invite) => {
    setBusy(true);
    setError(undefined);
    api.delete(`admin/invites/${encodeURIComponent(invite.id)}`).then(
      () => {
        setBusy(false);
        setRevoking(undefined);
        onRevoked({ ...invite, status: "revoked", device_ids: [] });
      },
      (e: unknown) => {
        setBusy(false);
        setRevoking(undefined);
        setError(e);
      },
    );
  };

  return (
    <>
      <ErrorNotice error={error} />
      <ul className="list invite-list">
        {invites.map((invite) => (
          <InviteRow
            key={invite.id}
            invite={invite}
            names={names}
            areaNames={areaNames}
            onRevoke={() => setRevoking(invite)}
          />
        ))}
      </ul>
      <ConfirmDialog
        open={revoking !== undefined}
        title={`Revoke the invite for ${revoking?.name ?? ""}?`}
        confirmLabel="Revoke invite"
        busy={busy}
        onConfirm={() => revoking && revoke(revoking)}
        onCancel={() => setRevoking(undefined)}
      >
        <p>{revoking ? revokeWarning(revoking, names) : ""}</p>
      </ConfirmDialog>
    </>
  );
}

interface RowProps {
  invite: Invite;
  names: ReadonlyMap<string, string>;
  areaNames: ReadonlyMap<string, string>;
  onRevoke: () => void;
}

function InviteRow({ invite, names, areaNames, onRevoke }: RowProps) {
  const now = useNow();
  const status = STATUS_WORDS[invite.status];
  const ends = expiryInWords(invite.expires_at, now);
  return (
    <li className="list-row invite-row">
      <div className="grow">
        <div className="row wrap">
          <span className="strong">{invite.name}</span>
          <Badge tone={status.tone}>{status.label}</Badge>
        </div>
        <div className="muted small">
          {usesInWords(invite)} · {accessInWords(invite.scope.access)} ·{" "}
          <span title={dateTime(invite.expires_at)}>
            {ends === "expired" ? `ended ${dateTime(invite.expires_at)}` : `ends ${ends}`}
          </span>
          {invite.hours && ` · ${hoursBrief(invite.hours)}`}
        </div>
        <div className="muted small">Sees {scopeSummary(invite.scope, areaNames)}</div>
        {invite.device_ids.length > 0 && (
          <div className="small invite-devices">
            Devices:{" "}
            {invite.device_ids.map((id, i) => (
              <span key={id}>
                {i > 0 && ", "}
                <Link href={hrefOf({ name: "device", id })}>{names.get(id) ?? "a device"}</Link>
              </span>
            ))}
          </div>
        )}
      </div>
      {canRevoke(invite) && (
        <button type="button" className="button" onClick={onRevoke}>
          Revoke<span className="visually-hidden"> the invite for {invite.name}</span>
        </button>
      )}
    </li>
  );
}
