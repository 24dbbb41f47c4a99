import type { PendingPairing } from "hasync";
import { DEVICE_TYPE_LABEL } from "../components/devices.js";
import { Card, Empty, ErrorNotice, Icon, Loading, Notice, TimeAgo } from "../components/ui.js";
import { clientName } from "../interface/dashboards.js";
import { couldBeUserCode } from "./code.js";
import type { Pending } from "./usePending.js";

interface Props {
  pending: Pending;
  codeInput: string;
  /** The typed code, normalised, or null while it is not a complete code. */
  userCode: string | null;
  request: PendingPairing | undefined;
  /** Why the chosen request went away (approved elsewhere, denied, expired). */
  outcome: string | undefined;
  onCodeInput: (value: string) => void;
  onChoose: (request: PendingPairing) => void;
}

/** Step one: the devices waiting (arriving live), or the code typed from the device's screen. */
export function WhichDevice({
  pending,
  codeInput,
  userCode,
  request,
  outcome,
  onCodeInput,
  onChoose,
}: Props) {
  return (
    <Card title="Which device?" headingId="which">
      {!pending.loaded && !pending.error && <Loading />}
      <ErrorNotice error={pending.error} onRetry={pending.reload} />
      {pending.loaded && pending.requests.length === 0 && (
        <Empty>
          No device is waiting right now. Start pairing on the device; it will appear here without reloading.
        </Empty>
      )}
      {pending.requests.length > 0 && (
        <fieldset className="request-choice">
          <legend className="visually-hidden">Devices waiting for approval</legend>
          {pending.requests.map((r) => (
            <label key={r.user_code} className="radio-card">
              <input
                type="radio"
                name="request"
                checked={r.user_code === userCode}
                onChange={() => onChoose(r)}
              />
              <Icon name={r.type} />
              <span className="grow">
                <strong>{r.name}</strong>
                <span className="hint">
                  {DEVICE_TYPE_LABEL[r.type]}
                  {r.model ? ` · ${r.model}` : ""}
                  {r.ip ? ` · from ${r.ip}` : ""} · asked <TimeAgo at={r.created_at} />
                  {r.client_id ? ` · signs in to ${clientName(r.client_id)}` : ""}
                </span>
              </span>
              <span className="code big">{r.user_code}</span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="field code-field">
        <label htmlFor="user-code">Or enter the code shown on the device</label>
        <input
          id="user-code"
          className="code-input"
          value={codeInput}
          placeholder="XXXX-XXXX"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={12}
          aria-describedby="user-code-hint"
          onChange={(e) => onCodeInput(e.target.value)}
        />
        <p className="hint" id="user-code-hint">
          {codeHint(codeInput, userCode, request, pending.loaded)}
        </p>
      </div>
      {outcome && <Notice tone="warn">{outcome}</Notice>}
    </Card>
  );
}

export function codeHint(
  input: string,
  userCode: string | null,
  request: PendingPairing | undefined,
  loaded: boolean,
) {
  if (input.trim() === "")
    return "Eight letters and digits, like ACDE-3479. Capitals and the dash are optional.";
  if (!couldBeUserCode(input)) {
    return "That cannot be a pairing code: codes never use look-alikes such as 0, O, 1, I, 5 or S. Check the device’s screen.";
  }
  if (userCode === null) return "That is not a complete pairing code yet: eight letters and digits.";
  if (request) return `Code matches “${request.name}”. Check that the device shows ${request.user_code}.`;
  if (!loaded) return "Looking for the device…";
  return `No device is waiting with ${userCode}. Check the code on the device’s screen: codes expire after 10 minutes.`;
}
