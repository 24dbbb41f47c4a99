import { encode } from "uqr";

export interface QrCodeProps {
  /** What the code opens (an approval link, an invite link). */
  value: string;
  /** What the code is for, for people who cannot see it (`aria-label`). */
  label: string;
  /** Rendered width and height in CSS pixels. */
  size?: number;
}

/**
 * A QR code as one SVG path: crisp at any size, no canvas, no inline script or style (the strict
 * CSP holds), always dark on light with a quiet zone so phone cameras read it in dark mode too.
 */
export function QrCode({ value, label, size = 220 }: QrCodeProps) {
  const { data, size: modules } = encode(value, { ecc: "M", border: 2 });
  let d = "";
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) d += `M${x} ${y}h1v1h-1z`;
    });
  });
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${modules} ${modules}`}
      shapeRendering="crispEdges"
    >
      <rect width={modules} height={modules} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
