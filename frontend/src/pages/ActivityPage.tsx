import { useState } from "react";
import { useAudit } from "../activity/useAudit.js";
import { AuditList } from "../components/AuditList.js";
import { Empty, ErrorNotice, Loading } from "../components/ui.js";
import { useDeviceNames, useDevices } from "../devices/useDevices.js";
import { AUDIT_FILTERS } from "../format/audit.js";

const PAGE_SIZE = 50;

/** The audit log: pairing, device changes, refused calls and sign-ins, newest first. */
export function ActivityPage() {
  const [group, setGroup] = useState("");
  const audit = useAudit(group, PAGE_SIZE);
  const names = useDeviceNames(useDevices().data?.devices);
  return (
    <>
      <h1 tabIndex={-1}>Activity</h1>
      <fieldset className="chips filter-bar">
        <legend>Show</legend>
        {AUDIT_FILTERS.map((f) => (
          <button
            key={f.type}
            type="button"
            className="chip"
            aria-pressed={group === f.type}
            onClick={() => setGroup(f.type)}
          >
            {f.label}
          </button>
        ))}
      </fieldset>
      <div className="card">
        <ErrorNotice error={audit.error} onRetry={audit.reload} />
        {audit.entries.length === 0 && audit.loading && <Loading />}
        {audit.entries.length === 0 && !audit.loading && !audit.error && (
          <Empty>Nothing in this group yet.</Empty>
        )}
        <AuditList entries={audit.entries} names={names} showIp />
        {audit.nextBefore !== null && (
          <div className="row center">
            <button type="button" className="button" disabled={audit.loading} onClick={audit.loadOlder}>
              {audit.loading ? "Loading…" : "Load older"}
            </button>
          </div>
        )}
      </div>
    </>
  );
}
