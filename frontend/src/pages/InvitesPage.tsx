import type { HaAreaList, InviteCreated } from "hasync";
import { useEffect, useMemo, useRef, useState } from "react";
import { useResource } from "../api/resource.js";
import { Card, Empty, ErrorNotice, Loading } from "../components/ui.js";
import { useDeviceNames, useDevices } from "../devices/useDevices.js";
import { InviteForm } from "../invites/InviteForm.js";
import { InviteLinkCard } from "../invites/InviteLinkCard.js";
import { InviteList } from "../invites/InviteList.js";
import { upsertInvite } from "../invites/status.js";
import { useInvites } from "../invites/useInvites.js";

/**
 * Invite a guest: a link (and QR code) that makes the phone opening it a device with the chosen
 * scope, until a set end and optionally only at weekly hours. No code to type.
 */
export function InvitesPage() {
  const invites = useInvites();
  const devices = useDevices();
  const areas = useResource<HaAreaList>("admin/ha/areas");
  const areaNames = useMemo(
    () => new Map((areas.data?.areas ?? []).map((a) => [a.area_id, a.name])),
    [areas.data],
  );
  const names = useDeviceNames(devices.data?.devices);
  // A device a link just made may not have reached the device list yet: read it again to name it.
  const unnamed = invites.invites.flatMap((i) => i.device_ids.filter((id) => !names.has(id))).join(" ");
  const { reload: reloadDevices } = devices;
  const loaded = devices.data !== undefined;
  useEffect(() => {
    if (loaded && unnamed !== "") reloadDevices();
  }, [loaded, unnamed, reloadDevices]);
  const [created, setCreated] = useState<InviteCreated>();
  // A new form (fresh state) after each invite, so the next guest starts from blank.
  const [round, setRound] = useState(0);
  const top = useRef<HTMLHeadingElement>(null);

  const onCreated = (next: InviteCreated) => {
    invites.update((list) => ({ invites: upsertInvite(list.invites, next.invite) }));
    setCreated(next);
    window.scrollTo(0, 0);
    top.current?.focus();
  };
  const done = () => {
    setCreated(undefined);
    setRound((n) => n + 1);
  };

  return (
    <>
      <h1 tabIndex={-1} ref={top}>
        Invite a guest
      </h1>
      <p className="lede">
        A link for a guest’s phone: opening it shows a dashboard of what you pick here, until the end you set.
        There is no code to type, and you can revoke it at any time.
      </p>
      {created ? (
        <InviteLinkCard
          created={created}
          current={invites.invites.find((i) => i.id === created.invite.id) ?? created.invite}
          onDone={done}
        />
      ) : (
        <InviteForm key={round} onCreated={onCreated} />
      )}
      <Card title="Invites" headingId="invites">
        {!invites.data && invites.loading && <Loading />}
        <ErrorNotice error={invites.error} onRetry={invites.reload} />
        {invites.data && invites.invites.length === 0 && <Empty>No invite yet.</Empty>}
        <InviteList
          invites={invites.invites}
          names={names}
          areaNames={areaNames}
          onRevoked={(invite) => invites.update((list) => ({ invites: upsertInvite(list.invites, invite) }))}
        />
      </Card>
    </>
  );
}
