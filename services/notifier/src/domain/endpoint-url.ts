import { BlockList, isIP } from 'node:net';

/** Loopback, private, link-local (cloud metadata) and unspecified ranges: not a receiver on the internet. */
const LOCAL_NETWORKS = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  LOCAL_NETWORKS.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  LOCAL_NETWORKS.addSubnet(network, prefix, 'ipv6');

export const MAX_ENDPOINT_URL_LENGTH = 2048;

/** Whether an IP address (v4, v6 or v4-mapped v6) is loopback, private, link-local or unspecified. */
export function isLocalAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && LOCAL_NETWORKS.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Why a webhook endpoint URL is refused, or null when it is fine: an absolute https URL with no
 * credentials or fragment, on a public host, unless the deployment allows local endpoints (http,
 * localhost, private addresses) for development. The sender checks the resolved address again.
 */
export function endpointUrlProblem(value: string, allowLocal: boolean): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'url must be an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'url must be an https URL';
  if (url.username || url.password) return 'url must not hold a user name or password';
  if (url.hash) return 'url must not have a fragment';
  if (allowLocal) return null;
  if (url.protocol !== 'https:') return 'url must be an https URL';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || isLocalAddress(host))
    return 'url must name a public host, not a loopback or private address';
  return null;
}
