"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { activityKinds, type ActivityHistogram } from "@/lib/review/activity";

type Props = {
  start: number;
  end: number;
  /** The moment shown, or null for "the end, everything". */
  time: number | null;
  playing: boolean;
  speed: number;
  shownEvents: number;
  totalEvents: number;
  histogram: ActivityHistogram;
  onTime: (time: number | null) => void;
  onPlaying: (playing: boolean) => void;
  onSpeed: (speed: number) => void;
};

/** Replay speeds: meeting seconds per real second. */
export const replaySpeeds = [10, 60] as const;

/** Formats a duration as h:mm:ss or m:ss. */
export function clock(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}` : `${m}:${String(s).padStart(2, "0")}`;
}

/**
 * The replay controls: play/pause at 10× or 60×, a timeline slider over the meeting, and a
 * small chart of activity over time (drawn here as SVG) whose cursor follows the replay.
 */
export function ReplayBar({ start, end, time, playing, speed, shownEvents, totalEvents, histogram, onTime, onPlaying, onSpeed }: Props) {
  const t = useTranslations("review");
  const span = Math.max(1000, end - start);
  const at = time ?? end;
  useReplayClock({ playing, speed, time, start, end, onTime, onPlaying });

  return (
    <section className="replay-bar card" aria-label={t("replayLabel")} data-testid="replay">
      <div className="replay-controls">
        <button
          type="button"
          className="button button-small replay-play"
          aria-pressed={playing}
          onClick={() => {
            if (!playing && (time === null || time >= end)) onTime(start);
            onPlaying(!playing);
          }}
        >
          <span aria-hidden="true">{playing ? "❚❚" : "▶"}</span> {playing ? t("pause") : t("play")}
        </button>
        <div className="replay-speeds" role="group" aria-label={t("speed")}>
          {replaySpeeds.map((option) => (
            <button key={option} type="button" className="kind-chip" aria-pressed={speed === option} onClick={() => onSpeed(option)}>
              {option}×
            </button>
          ))}
        </div>
        <label className="replay-slider">
          <span className="visually-hidden">{t("timeline")}</span>
          <input
            type="range"
            min={0}
            max={Math.round(span / 1000)}
            step={1}
            value={Math.round((at - start) / 1000)}
            aria-valuetext={t("atMoment", { time: clock(at - start), total: clock(span) })}
            onChange={(event) => {
              const seconds = Number(event.target.value);
              onPlaying(false);
              onTime(seconds * 1000 >= span ? null : start + seconds * 1000);
            }}
            data-testid="replay-slider"
          />
        </label>
        <span className="replay-clock small" data-testid="replay-clock">
          {clock(at - start)} / {clock(span)}
        </span>
        {time !== null ? (
          <button type="button" className="link-button small" onClick={() => (onPlaying(false), onTime(null))}>
            {t("toEnd")}
          </button>
        ) : null}
      </div>
      <ActivityChart histogram={histogram} cursor={(at - start) / span} onSeek={(fraction) => (onPlaying(false), onTime(fraction >= 1 ? null : start + fraction * span))} />
      <p className="small muted replay-status" aria-live="polite" data-testid="replay-status">
        {time === null ? t("showingAll", { count: totalEvents }) : t("showingUpTo", { shown: shownEvents, count: totalEvents, time: clock(at - start) })}
      </p>
    </section>
  );
}

/** Advances the replay while playing: `speed` meeting seconds per real second, stopping at the end. */
function useReplayClock({ playing, speed, time, start, end, onTime, onPlaying }: Pick<Props, "playing" | "speed" | "time" | "start" | "end" | "onTime" | "onPlaying">) {
  const timeRef = useRef(time);
  timeRef.current = time;
  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last = performance.now();
    const tick = (now: number) => {
      const current = timeRef.current ?? start;
      const next = current + (now - last) * speed;
      last = now;
      if (next >= end) {
        onTime(null);
        onPlaying(false);
        return;
      }
      onTime(next);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, start, end, onTime, onPlaying]);
}

const chartColours: Record<(typeof activityKinds)[number], string> = { annotations: "var(--chart-annotations)", thread: "var(--chart-thread)", questions: "var(--chart-questions)" };

/** Stacked bars of what was created in each slice of the meeting, with the replay's cursor; a click seeks there. */
function ActivityChart({ histogram, cursor, onSeek }: { histogram: ActivityHistogram; cursor: number; onSeek: (fraction: number) => void }) {
  const t = useTranslations("review");
  const width = 600;
  const height = 64;
  const slot = width / histogram.buckets.length;
  const totals = activityKinds.map((kind) => histogram.buckets.reduce((sum, bucket) => sum + bucket[kind], 0));
  return (
    <figure className="activity-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-labelledby="activity-title"
        onClick={(event) => {
          const box = event.currentTarget.getBoundingClientRect();
          onSeek(Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)));
        }}
        data-testid="activity-chart"
      >
        <title id="activity-title">{t("chartTitle", { annotations: totals[0]!, messages: totals[1]!, questions: totals[2]! })}</title>
        <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} className="chart-axis" />
        {histogram.buckets.map((bucket, index) => {
          let y = height;
          return (
            <g key={index}>
              {activityKinds.map((kind) => {
                const h = (bucket[kind] / histogram.max) * (height - 6);
                if (h <= 0) return null;
                y -= h;
                return <rect key={kind} x={index * slot + 1} y={y} width={Math.max(1, slot - 2)} height={h} rx={1.5} fill={chartColours[kind]} />;
              })}
            </g>
          );
        })}
        <line x1={cursor * width} x2={cursor * width} y1={0} y2={height} className="chart-cursor" />
      </svg>
      <figcaption className="chart-legend small">
        {activityKinds.map((kind, index) => (
          <span key={kind}>
            <span className="legend-swatch" style={{ background: chartColours[kind] }} aria-hidden="true" />
            {t(`activity.${kind}`, { count: totals[index]! })}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
