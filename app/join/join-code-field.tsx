import { JOIN_CODE_LENGTH } from "@/lib/join-code";

type JoinCodeFieldProps = { label: string; hint: string; defaultValue?: string; autoFocus?: boolean; enterKeyHint?: "go" };

/** The join code's field and hint, the same on the members' join form and the guests' form. */
export function JoinCodeField({ label, hint, defaultValue, autoFocus, enterKeyHint }: JoinCodeFieldProps) {
  return (
    <>
      <label htmlFor="join-code">{label}</label>
      <input
        id="join-code"
        name="code"
        className="join-code-input"
        required
        defaultValue={defaultValue}
        minLength={JOIN_CODE_LENGTH}
        maxLength={JOIN_CODE_LENGTH + 6}
        autoComplete="off"
        autoCapitalize="characters"
        autoCorrect="off"
        spellCheck={false}
        enterKeyHint={enterKeyHint}
        aria-describedby="join-code-hint"
        autoFocus={autoFocus}
      />
      <p id="join-code-hint" className="join-hint">
        {hint}
      </p>
    </>
  );
}
