import type { AuditEntry } from "hasync";
import { auditLastAt, auditTone, type DeviceNames, describeAudit } from "../format/audit.js";
import { TimeAgo } from "./ui.js";

/** Audit entries in words, newest first. */
interface Props {
  entries: AuditEntry[];
  /** Names of paired devices, for entries that carry only a device id. */
  names: DeviceNames;
  showIp?: boolean;
}

export function AuditList({ entries, names, showIp = false }: Props) {
  return (
    <ul className="list audit-list">
      {entries.map((e) => (
        <li key={e.id} className={`list-row audit-row tone-${auditTone(e.type)}`}>
          <span className="dot" aria-hidden="true" />
          <span className="grow">{describeAudit(e, names)}</span>
          <span className="muted small nowrap">
            {showIp && e.ip ? `${e.ip} · ` : ""}
            {/* A folded entry shows its latest repetition; its first is in the sentence's count. */}
            <TimeAgo at={auditLastAt(e)} />
          </span>
        </li>
      ))}
    </ul>
  );
}
