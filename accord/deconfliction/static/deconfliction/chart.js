// The link chart: Cytoscape.js draws the elements the page embedded as JSON (no inline script: CSP).
(function () {
  "use strict";
  var source = document.getElementById("link-elements");
  var box = document.getElementById("link-chart");
  if (!source || !box || typeof window.cytoscape !== "function") { return; }
  var colours = {
    investigation: "#1a4480", person: "#b50909", phone: "#00687d", email: "#00687d", address: "#4d8055",
    vehicle: "#8b5300", handle: "#5e519e", advert: "#5e519e", business: "#3d4551"
  };
  var cy = window.cytoscape({
    container: box,
    elements: JSON.parse(source.textContent),
    wheelSensitivity: 0.2,
    style: [
      { selector: "node", style: {
        "label": "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 120,
        "background-color": function (n) { return colours[n.data("type")] || "#71767a"; },
        "color": "#1b1b1b", "width": 18, "height": 18
      } },
      { selector: "node[type = 'investigation']", style: { "shape": "round-rectangle", "width": 28, "height": 20 } },
      { selector: "node[type = 'person']", style: { "shape": "ellipse", "width": 24, "height": 24 } },
      { selector: "edge", style: { "width": 1.5, "line-color": "#a9aeb1", "curve-style": "bezier" } },
      { selector: "edge[relation = 'likely same person']", style: { "line-style": "dashed", "line-color": "#b50909", "width": 2.5 } },
      { selector: ":selected", style: { "border-width": 3, "border-color": "#ffbe2e" } }
    ],
    layout: { name: "cose", animate: false, nodeRepulsion: 9000, idealEdgeLength: 60 }
  });
  box.setAttribute("data-ready", String(cy.nodes().length));
})();
