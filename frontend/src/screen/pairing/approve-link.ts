/**
 * The approval link as a person would type it: without the code in its query (the code is shown
 * large beside it, and the approval page asks for it). The QR code and the link's target keep the
 * whole URL, which fills the code in.
 */
export function linkToType(approveUrl: string, userCode: string): string {
  let url: URL;
  try {
    url = new URL(approveUrl);
  } catch {
    return approveUrl;
  }
  if (url.searchParams.get("code") !== userCode) return approveUrl;
  url.searchParams.delete("code");
  return url.toString();
}
