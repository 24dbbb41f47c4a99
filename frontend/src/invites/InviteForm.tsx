import type { InviteCreated, InviteCreateRequest, Scope } from "hasync";
import { useState } from "react";
import { api } from "../api/client.js";
import { describeError } from "../api/errors.js";
import { HoursEditor } from "../components/HoursEditor.js";
import { type HoursDraft, type HoursResult, hoursFromDraft, newDraft } from "../components/hours.js";
import { Card } from "../components/ui.js";
import { useNow } from "../components/useNow.js";
import { nameProblem } from "../pairing/name.js";
import { emptyScope } from "../scope/model.js";
import { ScopeEditor } from "../scope/ScopeEditor.js";
import { ScopeSummaryBar } from "../scope/ScopeSummaryBar.js";
import { type EndResult, type EndValue, passEndOf } from "./ends.js";
import { PassEndField } from "./PassEndField.js";
import { MAX_USES, usesProblem } from "./status.js";

interface Props {
  onCreated: (created: InviteCreated) => void;
}

/** Invite a guest: a name, what they may see, until when (and at which hours), for how many devices. */
export function InviteForm({ onCreated }: Props) {
  const now = useNow();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<Scope>(emptyScope);
  const [end, setEnd] = useState<EndValue>({ choice: "3d", custom: "" });
  const [limited, setLimited] = useState(false);
  const [hours, setHours] = useState<HoursDraft>(newDraft);
  const [uses, setUses] = useState("1");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const ends = passEndOf(end, now);
  const hoursResult = hoursFromDraft(hours);
  const problem = nameProblem(name);
  const usesBad = usesProblem(uses);
  const empty = scope.areas.length === 0 && scope.entities.length === 0;
  const ready = !problem && !usesBad && !empty && ends.ok && (!limited || hoursResult.ok);

  const create = () => {
    // "Tonight" and "in 3 days" are counted from the moment the admin presses the button.
    const at = passEndOf(end, Date.now());
    if (!ready || !at.ok) return;
    const body: InviteCreateRequest = {
      name: name.trim(),
      scope,
      expires_at: at.expiresAt,
      hours: limited && hoursResult.ok ? hoursResult.hours : null,
      max_uses: Number(uses),
    };
    setBusy(true);
    setError(undefined);
    api.post<InviteCreated>("admin/invites", body).then(onCreated, (e: unknown) => {
      setBusy(false);
      setError(e);
    });
  };

  return (
    <>
      <NameCard name={name} problem={problem} onChange={setName} />
      <ScopeEditor scope={scope} onChange={setScope} title="What may they see and do?" />
      <WhenCard
        end={end}
        onEnd={setEnd}
        ends={ends}
        limited={limited}
        onLimited={setLimited}
        hours={hours}
        onHours={setHours}
        hoursResult={hoursResult}
      />
      <UsesCard uses={uses} problem={usesBad} onChange={setUses} />
      <div className="action-bar">
        <ScopeSummaryBar
          scope={scope}
          subject={name.trim() || "Guest"}
          expiresAt={ends.ok ? ends.expiresAt : null}
        />
        {error !== undefined && (
          <p className="problem" role="alert">
            {describeError(error)}
          </p>
        )}
        <div className="row end">
          <button type="button" className="button primary" disabled={busy || !ready} onClick={create}>
            {busy ? "Creating…" : "Create invite link"}
          </button>
        </div>
      </div>
    </>
  );
}

interface WhenProps {
  end: EndValue;
  onEnd: (value: EndValue) => void;
  ends: EndResult;
  limited: boolean;
  onLimited: (on: boolean) => void;
  hours: HoursDraft;
  onHours: (hours: HoursDraft) => void;
  hoursResult: HoursResult;
}

function WhenCard({ end, onEnd, ends, limited, onLimited, hours, onHours, hoursResult }: WhenProps) {
  return (
    <Card title="Until when?" headingId="invite-when">
      <PassEndField value={end} onChange={onEnd} result={ends} />
      <div className="switch-row">
        <input
          id="invite-limited"
          type="checkbox"
          role="switch"
          checked={limited}
          aria-checked={limited}
          aria-describedby="invite-limited-hint"
          onChange={(e) => onLimited(e.target.checked)}
        />
        <label htmlFor="invite-limited">Only at certain hours</label>
      </div>
      <p className="hint" id="invite-limited-hint">
        For a cleaner or a dog sitter: the pass works only in these weekly hours.
      </p>
      {limited && (
        <HoursEditor
          value={hours}
          onChange={onHours}
          problems={hoursResult.ok ? [] : hoursResult.rows}
          problem={hoursResult.ok ? undefined : hoursResult.problem}
        />
      )}
    </Card>
  );
}

interface FieldProps {
  problem: string | undefined;
  onChange: (value: string) => void;
}

function NameCard({ name, problem, onChange }: FieldProps & { name: string }) {
  return (
    <Card title="Who is it for?" headingId="invite-name">
      <div className="field">
        <label htmlFor="invite-name-input">Name</label>
        <input
          id="invite-name-input"
          value={name}
          maxLength={80}
          placeholder="Anna’s phone"
          aria-invalid={name !== "" && problem ? true : undefined}
          aria-describedby="invite-name-hint"
          onChange={(e) => onChange(e.target.value)}
        />
        <p className="hint" id="invite-name-hint">
          {name !== "" && problem ? (
            <span className="problem">{problem}</span>
          ) : (
            "The device made from the link gets this name; a second one gets “ 2” after it."
          )}
        </p>
      </div>
    </Card>
  );
}

function UsesCard({ uses, problem, onChange }: FieldProps & { uses: string }) {
  return (
    <Card title="How many devices?" headingId="invite-uses">
      <div className="field">
        <label htmlFor="invite-uses-input">Devices that may use the link</label>
        <input
          id="invite-uses-input"
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_USES}
          value={uses}
          className="uses-input"
          aria-invalid={problem ? true : undefined}
          aria-describedby="invite-uses-hint"
          onChange={(e) => onChange(e.target.value)}
        />
        <p className="hint" id="invite-uses-hint">
          {problem ? (
            <span className="problem">{problem}</span>
          ) : (
            "Each phone that opens the link becomes its own device, which you can revoke alone."
          )}
        </p>
      </div>
    </Card>
  );
}
