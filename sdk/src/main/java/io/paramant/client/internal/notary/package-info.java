/**
 * Notary receipts (docs/notary.md): the signed message, and the receipt's JSON form, read strictly
 * and written in the documented field order.
 */
package io.paramant.client.internal.notary;
