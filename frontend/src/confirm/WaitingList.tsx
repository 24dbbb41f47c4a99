import type { Confirmation, ConfirmDecision } from "hasync";
import { useState } from "react";
import { ApiError } from "../api/client.js";
import { describeError } from "../api/errors.js";
import { Card, ErrorNotice, Notice } from "../components/ui.js";
import { useNow } from "../components/useNow.js";
import { Link } from "../router/router.js";
import { hrefOf } from "../router/routes.js";
import type { Confirmations } from "./useConfirmations.js";
import { actionInWords, dataInWords, OUTCOME_WORDS, timeLeft } from "./words.js";

const VIA_WORDS: Record<Confirmation["via"], string> = {
  websocket: "over Home Assistant’s WebSocket API",
  rest: "over Home Assistant’s REST API",
  mcp: "through MCP",
  mobile_app: "from the Home Assistant app",
};

interface Outcome {
  tone: "good" | "info";
  text: string;
}

/**
 * "Waiting for you": calls a device made that wait for the admin (locks, alarms, garage doors...),
 * each with its deadline counting down and Allow / Deny. Shown only while something waits, or
 * to say how the last decision ended (or why it could not be made).
 */
export function WaitingList({ confirmations }: { confirmations: Confirmations }) {
  const now = useNow(1000);
  const [busy, setBusy] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();
  const { list, error, reload, decide, drop } = confirmations;
  if (list.length === 0 && outcome === undefined && problem === undefined && error === undefined) return null;

  const send = (c: Confirmation, decision: ConfirmDecision["decision"]) => {
    setBusy(c.id);
    setProblem(undefined);
    setOutcome(undefined);
    decide(c.id, decision).then(
      (result) => {
        setBusy(undefined);
        setOutcome({
          tone: result.outcome === "allowed" ? "good" : "info",
          text: `${OUTCOME_WORDS[result.outcome] ?? result.outcome}: ${actionInWords(c)} for ${c.device_name}.`,
        });
      },
      (e: unknown) => {
        setBusy(undefined);
        // Decided meanwhile (on the phone, in another tab) or already over: the server says how.
        const over = e instanceof ApiError && (e.status === 404 || e.status === 409);
        if (over) drop(c.id);
        setProblem(over && e.serverMessage ? e.serverMessage : describeError(e));
      },
    );
  };

  return (
    <Card title="Waiting for you" headingId="confirmations" className="tone-warn confirm-card">
      <ErrorNotice error={error} onRetry={reload} />
      {problem && (
        <p className="notice notice-bad" role="alert">
          {problem}
        </p>
      )}
      {outcome && <Notice tone={outcome.tone}>{outcome.text}</Notice>}
      {list.length === 0 && !error && <p className="muted empty">Nothing else is waiting.</p>}
      <ul className="list">
        {list.map((c) => (
          <ConfirmRow key={c.id} c={c} now={now} busy={busy === c.id} onDecide={(d) => send(c, d)} />
        ))}
      </ul>
    </Card>
  );
}

interface RowProps {
  c: Confirmation;
  now: number;
  busy: boolean;
  onDecide: (decision: ConfirmDecision["decision"]) => void;
}

/** One held call: what, who, through what, its data, the time left, Allow and Deny. */
function ConfirmRow({ c, now, busy, onDecide }: RowProps) {
  const action = actionInWords(c);
  const data = dataInWords(c.data);
  return (
    <li className="list-row confirm-row">
      <div className="grow">
        <div className="strong confirm-action">{action}</div>
        <div className="muted small">
          <Link href={hrefOf({ name: "device", id: c.device_id })}>{c.device_name}</Link> asks{" "}
          {VIA_WORDS[c.via]}
          {data && <span className="confirm-data"> · {data}</span>}
        </div>
      </div>
      <span
        className="confirm-left"
        title={`Refused on its own at ${new Date(c.deadline_at).toLocaleTimeString()}`}
      >
        {timeLeft(c.deadline_at, now)}
      </span>
      <div className="row">
        <button type="button" className="button primary" disabled={busy} onClick={() => onDecide("allow")}>
          Allow<span className="visually-hidden"> {action}</span>
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => onDecide("deny")}>
          Deny<span className="visually-hidden"> {action}</span>
        </button>
      </div>
    </li>
  );
}
