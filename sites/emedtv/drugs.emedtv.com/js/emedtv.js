/* minimal stand-ins for the eMedTV page scripts */
function emedtvToolbar(t){}
function showDescription(e,u,b,l){}
function hideDescription(){}
