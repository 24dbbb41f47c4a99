/** Device names: 1 to 64 user-perceived characters after trimming, as hasync's DeviceNameSchema. */
export function nameProblem(name: string): string | undefined {
  const length = [...name.trim()].length;
  if (length === 0) return "Give the device a name, for example “Kitchen tablet”.";
  if (length > 64) return `Use at most 64 characters (this name has ${length}).`;
  return undefined;
}
