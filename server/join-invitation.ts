import QRCode from "qrcode";
import { formatJoinCode } from "../lib/join-code";
import { publicUrl as appPublicUrl } from "./public-url";

/** What a room needs to join a session by code: the code to read out, the address to type, and a QR code of the link. */
export type JoinInvitation = {
  /** The code grouped for reading, "K7M Q2P". */
  code: string;
  /** The join link the QR code holds, e.g. "https://circle.example.org/join/K7MQ2P". */
  url: string;
  /** The join page without the scheme, to type by hand, e.g. "circle.example.org/join". */
  typedAddress: string;
  /** The QR code as an SVG document (generated here, no outside request), black on white. */
  qrSvg: string;
};

/** The invitation for a session's join code, under the app's public address (NEXTAUTH_URL, set from PUBLIC_URL at start). */
export async function joinInvitation(code: string, publicUrl: string = appPublicUrl()): Promise<JoinInvitation> {
  const base = new URL(publicUrl);
  const root = `${base.host}${base.pathname.replace(/\/$/, "")}`;
  const url = `${base.origin}${base.pathname.replace(/\/$/, "")}/join/${code}`;
  const qrSvg = await QRCode.toString(url, { type: "svg", margin: 0, errorCorrectionLevel: "M", color: { dark: "#000000", light: "#ffffff" } });
  return { code: formatJoinCode(code), url, typedAddress: `${root}/join`, qrSvg };
}
