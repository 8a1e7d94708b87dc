// Reads a JSON array of base64 iCalendar files on stdin, parses each with ical.js (Thunderbird's parser) and
// writes a JSON array of what a client sees: the calendar's properties and components, and each event.
// Time zones come only from the VTIMEZONE components in the file itself (nothing is registered globally), so a
// TZID without its VTIMEZONE shows up as a floating time.
import ICAL from "ical.js";

function text(value) {
  return value === null || value === undefined ? null : typeof value === "object" ? value.toString() : value;
}

function moment(time) {
  if (!time) return null;
  const tzid = time.zone ? time.zone.tzid : "floating";
  return {
    tzid,
    utc: new Date(time.toUnixTime() * 1000).toISOString(),
    is_date: time.isDate,
    local: time.toString(),
  };
}

function values(component, name) {
  return component.getAllProperties(name).flatMap((p) => p.getValues().map(text));
}

function event(vevent) {
  const e = new ICAL.Event(vevent);
  const conference = vevent.getFirstProperty("conference");
  const geo = vevent.getFirstPropertyValue("geo");
  return {
    uid: e.uid,
    sequence: e.sequence,
    status: text(vevent.getFirstPropertyValue("status")),
    summary: e.summary,
    description: e.description,
    location: e.location,
    url: text(vevent.getFirstPropertyValue("url")),
    transp: text(vevent.getFirstPropertyValue("transp")),
    categories: values(vevent, "categories"),
    conference: conference
      ? { uri: text(conference.getFirstValue()), params: conference.toJSON()[1] }
      : null,
    geo: geo ? geo.map(Number) : null,
    dtstamp: moment(vevent.getFirstPropertyValue("dtstamp")),
    last_modified: moment(vevent.getFirstPropertyValue("last-modified")),
    start: moment(e.startDate),
    end: moment(e.endDate),
    components: vevent.getAllSubcomponents().map((c) => c.name),
  };
}

function dump(ics) {
  const root = new ICAL.Component(ICAL.parse(ics));
  const calendar = {};
  for (const p of root.getAllProperties()) {
    calendar[p.name] = { value: text(p.getFirstValue()), params: p.toJSON()[1] };
  }
  const zones = root.getAllSubcomponents("vtimezone").map((z) => new ICAL.Timezone(z));
  return {
    calendar,
    components: root.getAllSubcomponents().map((c) => c.name),
    timezones: zones.map((z) => z.tzid),
    events: root.getAllSubcomponents("vevent").map(event),
  };
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const decoder = new TextDecoder("utf-8", { fatal: true });
const out = JSON.parse(Buffer.concat(chunks).toString("utf-8")).map((b64, i) => {
  try {
    return dump(decoder.decode(Buffer.from(b64, "base64")));
  } catch (err) {
    throw new Error(`feed ${i}: ${err.stack || err}`);
  }
});
process.stdout.write(JSON.stringify(out));
