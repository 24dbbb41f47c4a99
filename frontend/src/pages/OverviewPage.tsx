import { useAudit } from "../activity/useAudit.js";
import { AuditList } from "../components/AuditList.js";
import { DEVICE_TYPE_LABEL } from "../components/devices.js";
import { HaStatusCard } from "../components/HaStatusCard.js";
import { PairScreenHint } from "../components/PairScreenHint.js";
import { PendingList } from "../components/PendingList.js";
import { Card, Empty, ErrorNotice, Icon, Loading, Notice, TimeAgo } from "../components/ui.js";
import type { Confirmations } from "../confirm/useConfirmations.js";
import { WaitingList } from "../confirm/WaitingList.js";
import { useDeviceNames, useDevices } from "../devices/useDevices.js";
import type { Pending } from "../pairing/usePending.js";
import { Link, useFlash } from "../router/router.js";
import { hrefOf } from "../router/routes.js";

const RECENT = 6;

interface Props {
  pending: Pending;
  confirmations: Confirmations;
}

/**
 * What needs attention now: calls waiting for the admin, the HA link, devices waiting, who is
 * online, what just happened.
 */
export function OverviewPage({ pending, confirmations }: Props) {
  const devices = useDevices();
  const audit = useAudit("", RECENT);
  const list = devices.data?.devices ?? [];
  const online = list.filter((d) => d.online);
  const names = useDeviceNames(devices.data?.devices);
  const flash = useFlash();

  return (
    <>
      <h1 tabIndex={-1}>Overview</h1>
      {flash && <Notice tone="good">{flash}</Notice>}
      <WaitingList confirmations={confirmations} />
      <div className="grid">
        <HaStatusCard />
        <Card
          title="Waiting for approval"
          headingId="pending"
          actions={
            <Link className="button text" href={hrefOf({ name: "pair" })}>
              Enter a code
            </Link>
          }
        >
          {!pending.loaded && !pending.error && <Loading />}
          <ErrorNotice error={pending.error} onRetry={pending.reload} />
          {pending.loaded && pending.requests.length === 0 && (
            <Empty>
              No device is waiting. On the tablet, TV or kiosk, start pairing (for example{" "}
              <span className="code">npx hasync pair</span>): it appears here at once.
            </Empty>
          )}
          <PendingList requests={pending.requests} onDenied={pending.remove} />
          <PairScreenHint />
        </Card>
        <Card
          title="Online now"
          headingId="online"
          actions={
            <Link className="button text" href={hrefOf({ name: "devices" })}>
              All devices
            </Link>
          }
        >
          {!devices.data && devices.loading && <Loading />}
          <ErrorNotice error={devices.error} onRetry={devices.reload} />
          {devices.data && (
            <p className="muted">
              {online.length} of {list.length} paired {list.length === 1 ? "device" : "devices"} online.
            </p>
          )}
          <ul className="list">
            {online.map((d) => (
              <li key={d.id} className="list-row">
                <Icon name={d.type} label={DEVICE_TYPE_LABEL[d.type]} />
                <Link className="grow" href={hrefOf({ name: "device", id: d.id })}>
                  {d.name}
                </Link>
                <span className="muted small">
                  {d.entity_count} entities · seen {d.last_seen_at ? <TimeAgo at={d.last_seen_at} /> : "now"}
                </span>
              </li>
            ))}
          </ul>
        </Card>
        <Card
          title="Recent activity"
          headingId="recent"
          actions={
            <Link className="button text" href={hrefOf({ name: "activity" })}>
              All activity
            </Link>
          }
        >
          {audit.loading && audit.entries.length === 0 && <Loading />}
          <ErrorNotice error={audit.error} onRetry={audit.reload} />
          {!audit.loading && audit.entries.length === 0 && !audit.error && (
            <Empty>Nothing has happened yet.</Empty>
          )}
          <AuditList entries={audit.entries.slice(0, RECENT)} names={names} />
        </Card>
      </div>
    </>
  );
}
