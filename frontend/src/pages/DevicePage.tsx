import type { Device } from "hasync";
import { useState } from "react";
import { ApiError, api } from "../api/client.js";
import { useAdminEvents } from "../api/events.js";
import { useResource } from "../api/resource.js";
import { ConfirmDialog } from "../components/ConfirmDialog.js";
import { DEVICE_TYPE_LABEL } from "../components/devices.js";
import { Badge, Card, ErrorNotice, Icon, Loading, Notice, TimeAgo } from "../components/ui.js";
import { AdminPresentationCard } from "../devices/AdminPresentationCard.js";
import { DeviceHoursCard } from "../devices/DeviceHoursCard.js";
import { DeviceRateCard } from "../devices/DeviceRateCard.js";
import { DeviceScopeCard } from "../devices/DeviceScopeCard.js";
import { DeviceSettingsCard } from "../devices/DeviceSettingsCard.js";
import { McpCard } from "../devices/McpCard.js";
import { PreviewCard } from "../devices/PreviewCard.js";
import { dateTime } from "../format/time.js";
import { DashboardsCard } from "../interface/DashboardsCard.js";
import { Link, navigate, useFlash } from "../router/router.js";
import { hrefOf } from "../router/routes.js";

/**
 * One device: facts, what it sees live, its scope, name, expiry, hours and call rate, how to add
 * it to an MCP client (at the top for an AI agent), and revoking it.
 */
export function DevicePage({ id }: { id: string }) {
  const path = `admin/devices/${encodeURIComponent(id)}`;
  const device = useResource<Device>(path);
  const flash = useFlash();
  const [removed, setRemoved] = useState(false);
  const { update, reload } = device;
  useAdminEvents((event) => {
    if (event.type === "hello") reload();
    else if (event.type === "device.updated" && event.device.id === id) update(() => event.device);
    else if (event.type === "device.removed" && event.device_id === id) setRemoved(true);
  });

  const gone = removed || (device.error instanceof ApiError && device.error.status === 404);
  if (gone) {
    return (
      <>
        <h1 tabIndex={-1}>Device not found</h1>
        <Notice tone="info">This device is no longer paired: it was revoked or never existed.</Notice>
        <p>
          <Link href={hrefOf({ name: "devices" })}>Back to devices</Link>
        </p>
      </>
    );
  }
  const d = device.data;
  if (!d) {
    return (
      <>
        <h1 tabIndex={-1}>Device</h1>
        {device.loading && <Loading />}
        <ErrorNotice error={device.error} onRetry={reload} />
      </>
    );
  }
  const saved = (next: Device) => update(() => next);
  return (
    <>
      <p className="breadcrumb">
        <Link href={hrefOf({ name: "devices" })}>Devices</Link> ›
      </p>
      <div className="page-title">
        <h1 tabIndex={-1}>
          <Icon name={d.type} label={DEVICE_TYPE_LABEL[d.type]} /> {d.name}
        </h1>
        {d.online ? <Badge tone="good">Online</Badge> : <Badge tone="info">Offline</Badge>}
      </div>
      {flash && <Notice tone="good">{flash}</Notice>}
      <dl className="facts card">
        <dt>Type</dt>
        <dd>
          {DEVICE_TYPE_LABEL[d.type]}
          {d.model ? ` · ${d.model}` : ""}
        </dd>
        <dt>{d.invite_id ? "Joined" : "Paired"}</dt>
        <dd>{dateTime(d.created_at)}</dd>
        {d.invite_id && (
          <>
            <dt>Pass</dt>
            <dd>
              <Badge tone="info">Guest pass</Badge> made from an{" "}
              <Link href={hrefOf({ name: "invites" })}>invite link</Link>
            </dd>
          </>
        )}
        <dt>Last seen</dt>
        <dd>
          {d.last_seen_at ? <TimeAgo at={d.last_seen_at} /> : "never"}
          {d.last_ip ? ` from ${d.last_ip}` : ""}
        </dd>
      </dl>
      <div className="grid two">
        <PreviewCard device={d} />
        <DeviceSettingsCard key={d.id} device={d} onSaved={saved} />
      </div>
      {d.type === "ai_agent" && <McpCard device={d} />}
      <DeviceHoursCard key={`hours-${d.id}`} device={d} onSaved={saved} />
      <DeviceScopeCard device={d} onSaved={saved} />
      <div className="grid two">
        <DeviceRateCard key={`rate-${d.id}`} device={d} onSaved={saved} />
        {d.type !== "ai_agent" && <McpCard device={d} />}
      </div>
      {d.type !== "ai_agent" && <DashboardsCard key={`dashboards-${d.id}`} device={d} onSaved={saved} />}
      <AdminPresentationCard device={d} onSaved={saved} />
      <RevokeCard device={d} />
    </>
  );
}

function RevokeCard({ device }: { device: Device }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const revoke = () => {
    setBusy(true);
    api.delete(`admin/devices/${encodeURIComponent(device.id)}`).then(
      () => navigate(hrefOf({ name: "devices" }), { flash: `${device.name} was revoked and is cut off.` }),
      (e: unknown) => {
        setBusy(false);
        setConfirming(false);
        setError(e);
      },
    );
  };
  return (
    <Card title="Revoke" headingId="revoke" className="danger-zone">
      <p>
        Revoking cuts {device.name} off at once: its token stops working and open connections close. To use it
        again, {device.invite_id ? "send a new invite" : "pair it again"}.
      </p>
      <ErrorNotice error={error} />
      <button type="button" className="button danger" onClick={() => setConfirming(true)}>
        Revoke {device.name}
      </button>
      <ConfirmDialog
        open={confirming}
        title={`Revoke ${device.name}?`}
        confirmLabel="Revoke"
        busy={busy}
        onConfirm={revoke}
        onCancel={() => setConfirming(false)}
      >
        <p>It loses access immediately and must be paired again to come back.</p>
      </ConfirmDialog>
    </Card>
  );
}
