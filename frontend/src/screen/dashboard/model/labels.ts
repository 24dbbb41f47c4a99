/**
 * Accessible names of the controls, each naming the entity (WCAG 2.5.3: the visible label is part
 * of the name). The e2e suite drives the tiles by these names.
 */
export const labels = {
  /** A switch (role="switch", aria-checked): named by the entity alone, as its state is separate. */
  toggle: (name: string) => name,
  brightness: (name: string) => `${name} brightness`,
  fanSpeed: (name: string) => `${name} speed`,
  cover: (name: string, action: "open" | "stop" | "close") =>
    `${action === "open" ? "Open" : action === "stop" ? "Stop" : "Close"} ${name}`,
  position: (name: string) => `${name} position`,
  lower: (name: string, which?: "low" | "high") =>
    `Lower ${name} ${which ? `${which} ` : ""}target temperature`,
  raise: (name: string, which?: "low" | "high") =>
    `Raise ${name} ${which ? `${which} ` : ""}target temperature`,
  hvacMode: (name: string) => `${name} mode`,
  playPause: (name: string, action: "play" | "pause") => `${action === "play" ? "Play" : "Pause"} ${name}`,
  previous: (name: string) => `Previous track on ${name}`,
  next: (name: string) => `Next track on ${name}`,
  volume: (name: string) => `${name} volume`,
  activate: (name: string, verb: string) => `${verb} ${name}`,
  lock: (name: string, locked: boolean) => `${locked ? "Unlock" : "Lock"} ${name}`,
  confirmLock: (name: string, locked: boolean) => `${locked ? "Unlock" : "Lock"} ${name}?`,
  lockCode: (name: string) => `Code for ${name}`,
  cancel: "Cancel",
} as const;
