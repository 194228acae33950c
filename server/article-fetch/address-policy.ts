import { BlockList, isIPv4, isIPv6 } from "node:net";

// Every range that is not the public internet: "this" network, private, shared (CGNAT),
// loopback, link-local, documentation, benchmarking, multicast and reserved, in both families.
const NON_PUBLIC_V4: [string, number][] = [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
];
const NON_PUBLIC_V6: [string, number][] = [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 23], ["2001:db8::", 32], ["2002::", 16],
  ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
];

const nonPublic = new BlockList();
for (const [network, prefix] of NON_PUBLIC_V4) nonPublic.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of NON_PUBLIC_V6) nonPublic.addSubnet(network, prefix, "ipv6");

/** An IPv4 address hidden in an IPv4-mapped IPv6 address (::ffff:10.0.0.1), else the address itself. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const high = parseInt(hex[1]!, 16);
    const low = parseInt(hex[2]!, 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join(".");
  }
  return address;
}

/** Whether an IP address is on the public internet (not private, loopback, link-local, reserved…). */
export function isPublicAddress(address: string): boolean {
  const plain = unmapped(address);
  if (isIPv4(plain)) return !nonPublic.check(plain, "ipv4");
  if (isIPv6(plain)) return !nonPublic.check(plain, "ipv6");
  return false;
}

/** Parses a comma-separated list of networks (CIDR or single addresses) that may be fetched even though they are not public. */
export function parseNetworkList(spec: string): BlockList {
  const list = new BlockList();
  for (const item of spec.split(",").map((part) => part.trim()).filter(Boolean)) {
    const [network = "", prefixText] = item.split("/");
    const family = isIPv4(network) ? "ipv4" : isIPv6(network) ? "ipv6" : undefined;
    const prefix = prefixText === undefined ? (family === "ipv4" ? 32 : 128) : Number(prefixText);
    if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === "ipv4" ? 32 : 128)) {
      throw new Error(`"${item}" is not a network such as 127.0.0.0/8 or ::1`);
    }
    list.addSubnet(network, prefix, family);
  }
  return list;
}

/** Whether the server may connect to an address: public ones always, others only when allowed by configuration. */
export function mayConnectTo(address: string, allowed: BlockList): boolean {
  if (isPublicAddress(address)) return true;
  const plain = unmapped(address);
  return isIPv4(plain) ? allowed.check(plain, "ipv4") : isIPv6(plain) ? allowed.check(plain, "ipv6") : false;
}
