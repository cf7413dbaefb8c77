// The partner network: Cytoscape.js draws the organizations and ties the page embedded as JSON (CSP: no inline).
(function () {
  "use strict";
  var source = document.getElementById("network-elements");
  var box = document.getElementById("network-chart");
  if (!source || !box || typeof window.cytoscape !== "function") { return; }
  var colours = { law_enforcement: "#1a4480", prosecution: "#5e519e", victim_services: "#00687d", partner: "#4d8055" };
  var cy = window.cytoscape({
    container: box,
    elements: JSON.parse(source.textContent),
    wheelSensitivity: 0.2,
    style: [
      { selector: "node", style: {
        "label": "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 110, "color": "#1b1b1b",
        "background-color": function (n) { return colours[n.data("lane")] || "#71767a"; }, "width": 20, "height": 20
      } },
      { selector: "node[?isolated]", style: { "border-width": 3, "border-color": "#b50909" } },
      { selector: "edge", style: {
        "line-color": "#a9aeb1", "curve-style": "haystack",
        "width": function (e) { return Math.min(1 + Math.log(1 + e.data("weight")), 6); }
      } },
      { selector: ":selected", style: { "border-width": 3, "border-color": "#ffbe2e" } }
    ],
    layout: { name: "cose", animate: false, nodeRepulsion: 12000, idealEdgeLength: 80, randomize: false }
  });
  box.setAttribute("data-ready", String(cy.nodes().length));
})();
