import type { Invite, InviteCreated } from "hasync";
import { useRef, useState } from "react";
import { QrCode } from "../components/QrCode.js";
import { Card, Notice } from "../components/ui.js";
import { dateTime } from "../format/time.js";
import { SendToPhone } from "./SendToPhone.js";
import { STATUS_WORDS, usesInWords } from "./status.js";

interface Props {
  created: InviteCreated;
  /** The invite as the list has it now (uses taken, revoked meanwhile); the created one until then. */
  current: Invite;
  onDone: () => void;
}

/**
 * The link, once: HAsync keeps only a hash of the secret, so this card is the only place the link
 * is ever shown. The guest opens it (or scans the code) on their phone; the secret travels in the
 * fragment and never reaches a server log.
 */
export function InviteLinkCard({ created, current: invite, onDone }: Props) {
  const { url } = created;
  const usable = invite.status === "active";
  return (
    <Card title={`Invite for ${invite.name}`} headingId="invite-link" className="invite-link-card tone-good">
      {!usable && (
        <Notice tone="info">
          {STATUS_WORDS[invite.status].label}: {STATUS_WORDS[invite.status].hint}
        </Notice>
      )}
      <Notice tone="warn">
        <span>
          <strong>This link is shown only now.</strong> HAsync does not keep it, so copy it, send it or let
          the guest scan the code before you leave this page. If it gets lost, revoke the invite and make a
          new one.
        </span>
      </Notice>
      <div className="invite-link-body">
        <QrCode value={url} label={`QR code of the invite link for ${invite.name}`} />
        <div className="grow">
          <CopyLink url={url} />
          <p className="hint">
            {usesInWords(invite)} · ends {dateTime(invite.expires_at)}. Anyone with the link can use it, so
            send it only to {invite.name}.
          </p>
          {usable && <SendToPhone created={created} />}
        </div>
      </div>
      <div className="row end">
        <button type="button" className="button" onClick={onDone}>
          Done: invite someone else
        </button>
      </div>
    </Card>
  );
}

/**
 * The link in a read-only field with a copy button. On the LAN port over plain HTTP the
 * Clipboard API does not exist (it needs a secure context), so copying falls back to selecting
 * the field and the browser's own copy command.
 */
function CopyLink({ url }: { url: string }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "no">();
  const fallback = () => {
    field.current?.select();
    setCopied(document.execCommand("copy") ? "yes" : "no");
  };
  const copy = () => {
    if (!navigator.clipboard) {
      fallback();
      return;
    }
    navigator.clipboard.writeText(url).then(() => setCopied("yes"), fallback);
  };
  return (
    <div className="field">
      <label htmlFor="invite-url">Invite link</label>
      <div className="row">
        <input
          id="invite-url"
          ref={field}
          className="grow invite-url"
          value={url}
          readOnly
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="button primary" onClick={copy}>
          Copy link
        </button>
      </div>
      <p className="hint" role="status">
        {copied === "yes" && "Copied."}
        {copied === "no" && "The browser did not copy it: the link is selected, copy it with Ctrl+C or ⌘C."}
      </p>
    </div>
  );
}
