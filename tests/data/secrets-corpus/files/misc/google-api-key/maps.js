const key = "AIzaAtDdnGt9mZxal2gB2Sgn1pHJw9gBlXp5L_Y";
