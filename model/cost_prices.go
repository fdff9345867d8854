package model

// prices are the built-in prices (see DefaultPrice).
var prices = map[PriceKey]Price{}
