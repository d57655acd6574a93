// Filters and sorts the findings table.  Plain ES5-style code, no network, no storage, so it
// runs from file://; it reads text with textContent and never writes HTML.
(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  if (!table) {
    return;
  }
  var controls = document.querySelector(".controls");
  var search = document.getElementById("finding-search");
  var shown = document.getElementById("findings-shown");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-severity-filter]"));
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var texts = rows.map(function (row) {
    return row.textContent.toLowerCase();
  });
  rows.forEach(function (row, i) {
    row.setAttribute("data-order", String(i));
  });

  function applyFilters() {
    var wanted = {};
    boxes.forEach(function (box) {
      wanted[box.value] = box.checked;
    });
    var needle = search.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row, i) {
      var visible = wanted[row.getAttribute("data-severity")] !== false &&
        (needle === "" || texts[i].indexOf(needle) !== -1);
      row.hidden = !visible;
      if (visible) {
        count += 1;
      }
    });
    shown.textContent = count + " of " + rows.length + " shown";
  }

  function sortKey(row, column, numeric) {
    var cell = row.cells[column];
    var value = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    return numeric ? parseFloat(value) : value.trim().toLowerCase();
  }

  function sortBy(header) {
    var column = header.cellIndex;
    var numeric = header.getAttribute("data-sort-type") === "number";
    var direction = header.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    Array.prototype.forEach.call(header.parentNode.cells, function (th) {
      th.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
    var sorted = rows.slice().sort(function (a, b) {
      var x = sortKey(a, column, numeric);
      var y = sortKey(b, column, numeric);
      if (x < y) {
        return -direction;
      }
      if (x > y) {
        return direction;
      }
      // Equal keys keep the report's reading order, whichever the direction.
      return Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
    });
    sorted.forEach(function (row) {
      tbody.appendChild(row);
    });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header) {
    var button = header.querySelector("button");
    if (button && header.hasAttribute("data-sort-type")) {
      button.addEventListener("click", function () {
        sortBy(header);
      });
    }
  });
  boxes.forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });
  search.addEventListener("input", applyFilters);
  if (controls) {
    controls.hidden = false;
  }
  applyFilters();
})();
