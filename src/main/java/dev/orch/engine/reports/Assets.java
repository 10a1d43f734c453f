package dev.orch.engine.reports;

/** The report page's inline style and script (Orch's own text; nothing is loaded from anywhere). */
final class Assets {
    private Assets() {
    }

    static final String CSS = """
            :root { --bg: #f7f8fa; --panel: #ffffff; --text: #1f2430; --muted: #6b7280; --line: #e3e6eb;
              --ok: #2e9e5b; --bad: #d64545; --warn: #e08a1e; --stall: #b8860b; --off: #8a8fa3; --run: #3b82f6;
              --spawn: #9b59b6; --lost: #555b66; --accent: #4f46e5; }
            @media (prefers-color-scheme: dark) {
              :root { --bg: #14161b; --panel: #1c1f26; --text: #e6e8ee; --muted: #9aa1ad; --line: #2c313b; }
            }
            * { box-sizing: border-box; }
            body { margin: 0; padding: 24px 32px 40px; background: var(--bg); color: var(--text);
              font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
            h1 { font-size: 22px; margin: 0 0 4px; }
            h2 { font-size: 16px; margin: 0 0 10px; }
            code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
            header .meta { color: var(--muted); margin: 0 0 6px; }
            .note { margin: 4px 0; padding: 6px 10px; border-left: 3px solid var(--accent); background: var(--panel); }
            .note.bad { border-left-color: var(--bad); }
            section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px;
              margin: 16px 0; }
            section.cards { display: flex; flex-wrap: wrap; gap: 10px; background: none; border: none; padding: 0; }
            .card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px;
              min-width: 110px; }
            .card .value { font-size: 20px; font-weight: 600; }
            .card .label { color: var(--muted); font-size: 12px; }
            .card.s-succeeded .value { color: var(--ok); } .card.s-failed .value { color: var(--bad); }
            .card.s-blocked .value { color: var(--warn); } .card.s-running .value { color: var(--run); }
            .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
              background: var(--line); color: var(--text); }
            .badge.s-succeeded, .badge.phase-completed, .badge.m-ok { background: var(--ok); color: #fff; }
            .badge.s-failed, .badge.phase-failed, .badge.m-bad { background: var(--bad); color: #fff; }
            .badge.s-blocked, .badge.phase-paused { background: var(--warn); color: #fff; }
            .badge.s-running, .badge.phase-executing, .badge.phase-merging { background: var(--run); color: #fff; }
            .badge.s-skipped, .badge.phase-stopped { background: var(--off); color: #fff; }
            .scroll { overflow-x: auto; }
            svg text { fill: var(--text); font-size: 11px; }
            .row-alt { fill: var(--bg); }
            .row-label { fill: var(--muted); }
            .tick { stroke: var(--line); } .tick-label { fill: var(--muted); font-size: 10px; }
            .wave-sep { stroke: var(--line); }
            .wave-start line { stroke: var(--accent); stroke-dasharray: 4 3; }
            .wave-merged line { stroke: var(--ok); stroke-dasharray: 2 3; }
            .wave-label { fill: var(--accent); font-weight: 600; }
            .bar { cursor: pointer; } .bar:hover { opacity: .8; }
            .bar-label { fill: #fff; font-size: 10px; pointer-events: none; }
            .o-succeeded { fill: var(--ok); background: var(--ok); } .o-failed { fill: var(--bad); background: var(--bad); }
            .o-timeout { fill: var(--warn); background: var(--warn); } .o-stalled { fill: var(--stall); background: var(--stall); }
            .o-interrupted { fill: var(--off); background: var(--off); } .o-running { fill: var(--run); background: var(--run); }
            .o-spawn-failed { fill: var(--spawn); background: var(--spawn); } .o-lost, .o-other { fill: var(--lost); background: var(--lost); }
            rect.o-running { animation: pulse 1.4s ease-in-out infinite; }
            @keyframes pulse { 50% { opacity: .55; } }
            .merge.m-ok { fill: var(--text); } .merge.m-bad { fill: var(--bad); }
            .legend { margin: 0 0 8px; color: var(--muted); font-size: 12px; }
            .key { display: inline-block; margin-right: 14px; padding-left: 16px; position: relative; background: none; }
            .key::before { content: ""; position: absolute; left: 0; top: 3px; width: 11px; height: 11px; border-radius: 2px;
              background: inherit; }
            .key.o-succeeded::before { background: var(--ok); } .key.o-failed::before { background: var(--bad); }
            .key.o-timeout::before { background: var(--warn); } .key.o-stalled::before { background: var(--stall); }
            .key.o-interrupted::before { background: var(--off); } .key.o-running::before { background: var(--run); }
            .key.wave-key::before { background: none; border-left: 2px dashed var(--accent); width: 0; }
            .key.merge-key::before { background: var(--text); transform: rotate(45deg) scale(.75); }
            .col-label { fill: var(--muted); font-weight: 600; }
            .edge { fill: none; stroke: var(--muted); stroke-width: 1.3; opacity: .7; }
            .node rect { fill: var(--panel); stroke: var(--line); stroke-width: 2; cursor: pointer; }
            .node.s-succeeded rect { stroke: var(--ok); } .node.s-failed rect { stroke: var(--bad); }
            .node.s-blocked rect { stroke: var(--warn); } .node.s-running rect { stroke: var(--run); }
            .node.s-skipped rect { stroke: var(--off); stroke-dasharray: 4 3; }
            .node-id { font-weight: 700; } .node-name { fill: var(--muted); }
            #filter { margin: 0 0 8px; padding: 5px 8px; width: 280px; border: 1px solid var(--line); border-radius: 6px;
              background: var(--bg); color: var(--text); }
            table { border-collapse: collapse; width: 100%; font-size: 13px; }
            th { text-align: left; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--line); padding: 5px 8px; }
            td { border-bottom: 1px solid var(--line); padding: 5px 8px; vertical-align: top; }
            td.num { text-align: right; white-space: nowrap; } td.id { font-weight: 600; white-space: nowrap; }
            td.reason { color: var(--muted); max-width: 420px; }
            .deps { color: var(--muted); font-size: 11px; }
            .dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-left: 4px; position: relative; }
            .dot .tip { display: none; position: absolute; left: 12px; top: -4px; white-space: nowrap; background: var(--text);
              color: var(--bg); padding: 2px 6px; border-radius: 4px; font-size: 11px; z-index: 2; }
            .dot:hover .tip { display: block; }
            .conflict { color: var(--bad); }
            a.log { color: var(--accent); }
            tr.highlight td { background: rgba(79, 70, 229, .12); }
            footer { color: var(--muted); font-size: 12px; margin-top: 18px; }
            footer a { color: var(--accent); }
            """;

    static final String JS = """
            (function () {
              var rows = document.querySelectorAll('tr[data-task]');
              function show(id) {
                rows.forEach(function (row) { row.classList.toggle('highlight', row.dataset.task === id); });
                var row = document.getElementById('task-' + id);
                if (row) { row.scrollIntoView({ block: 'center', behavior: 'smooth' }); }
              }
              document.querySelectorAll('.bar, .node').forEach(function (el) {
                el.addEventListener('click', function () { show(el.getAttribute('data-task')); });
              });
              var filter = document.getElementById('filter');
              if (filter) {
                filter.addEventListener('input', function () {
                  var q = filter.value.toLowerCase();
                  rows.forEach(function (row) {
                    row.style.display = row.textContent.toLowerCase().indexOf(q) === -1 ? 'none' : '';
                  });
                });
              }
              if (document.body.dataset.live === 'true') {
                setTimeout(function () { location.reload(); }, 5000);
              }
            })();
            """;
}
