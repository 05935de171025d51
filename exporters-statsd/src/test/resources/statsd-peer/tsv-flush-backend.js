// A StatsD backend for tests: appends every flush to a file as tab-separated lines
// ("c<TAB>key<TAB>value" for counters, "g" for gauges, "t" for timer counts), then "flush<TAB>ts".
// Keys never contain tabs or newlines: the daemon sanitises them before they get here.
const fs = require('fs');
exports.init = function (startupTime, config, events) {
  const out = config.tsvFile.out;
  events.on('flush', function (ts, m) {
    let text = '';
    for (const k in m.counters) text += 'c\t' + k + '\t' + m.counters[k] + '\n';
    for (const k in m.gauges) text += 'g\t' + k + '\t' + m.gauges[k] + '\n';
    for (const k in m.timer_counters) text += 't\t' + k + '\t' + m.timer_counters[k] + '\n';
    fs.appendFileSync(out, text + 'flush\t' + ts + '\n');
  });
  return true;
};
