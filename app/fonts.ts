import localFont from "next/font/local";

// The reading face, served by the app itself from its Fontsource package. next/font preloads the
// Latin file (English and Spanish need nothing else) and draws the text meanwhile in a local
// face resized to the same metrics, so the page does not shift when the font arrives. The
// Latin Extended file loads only when a page holds such letters (names, quotations).
// The interface is set in the device's own face (globals.css): no download on a phone's data,
// and no second layout of the page when a font arrives.
// next/font reads these options at build time: they must be written out as literals.

/** Literata, the reading face. */
export const literataLatin = localFont({
  src: "../node_modules/@fontsource-variable/literata/files/literata-latin-wght-normal.woff2",
  weight: "200 900",
  variable: "--face-literata",
  // Only the generic face after the resized one: where Times New Roman is installed the resized
  // face is drawn, and where it is not, neither is Georgia. Each family named here that a device
  // lacks is one more font lookup in the first layout of every page.
  fallback: ["serif"],
  adjustFontFallback: "Times New Roman",
  declarations: [
    { prop: "unicode-range", value: "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD" },
  ],
});

export const literataLatinExtended = localFont({
  src: "../node_modules/@fontsource-variable/literata/files/literata-latin-ext-wght-normal.woff2",
  weight: "200 900",
  variable: "--face-literata-extended",
  preload: false,
  adjustFontFallback: false,
  declarations: [
    {
      prop: "unicode-range",
      value: "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF",
    },
  ],
});

/** The classes that define the face's CSS variables, for the root element. */
export const faceVariables = [literataLatin, literataLatinExtended].map((face) => face.variable).join(" ");
