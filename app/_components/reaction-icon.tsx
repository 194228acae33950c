import clap from "@discordapp/twemoji/dist/svg/1f44f.svg";
import thumbsUp from "@discordapp/twemoji/dist/svg/1f44d.svg";
import laugh from "@discordapp/twemoji/dist/svg/1f604.svg";
import thinking from "@discordapp/twemoji/dist/svg/1f914.svg";
import heart from "@discordapp/twemoji/dist/svg/2764.svg";
import type { Reaction } from "@/lib/protocol";

// Reactions are drawn from Twemoji's pictures, served by this app, not from an emoji font: a
// laptop without one (a Linux machine driving a projector) would show empty boxes.
// A bundler gives an imported picture as its address, or as an object holding it.
const pictures: Record<Reaction, string | { src: string }> = { thumbs_up: thumbsUp, heart, laugh, thinking, clap };

/** A reaction's picture, decorative: the button or text beside it names the reaction. */
export function ReactionIcon({ reaction }: { reaction: Reaction }) {
  const picture = pictures[reaction];
  return <img className="reaction-icon" src={typeof picture === "string" ? picture : picture.src} alt="" width={18} height={18} aria-hidden="true" />;
}
