//! `UUID_STRING()`: a random (version 4) UUID; `UUID_STRING(namespace, name)`: the name-based
//! (version 5, SHA-1) UUID of `name` in the `namespace` UUID.

use std::sync::Arc;

use arrow::{
    array::{ArrayRef, StringBuilder},
    datatypes::{DataType, FieldRef},
};
use datafusion::{
    common::Result,
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};
use uuid::{Builder, Uuid};

use super::scalar_support::{Rows, Value, arity_error, sf_error, sf_field, value_at};
use crate::{
    error::{EmulatorError, ErrorKind},
    types::SfType,
};

/// `UUID_STRING`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct UuidString {
    signature: Signature,
}

impl UuidString {
    /// The function, ready to register.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Volatile),
        }
    }
}

impl ScalarUDFImpl for UuidString {
    fn name(&self) -> &str {
        "uuid_string"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(vec![DataType::Utf8; arg_types.len()])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let count = args.arg_fields.len();
        if count != 0 && count != 2 {
            return Err(arity_error(
                self.name(),
                count,
                if count < 2 { 2 } else { 0 },
                2,
            ));
        }
        Ok(sf_field(self.name(), SfType::TEXT))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        if args.args.is_empty() {
            let mut out = StringBuilder::with_capacity(args.number_rows, args.number_rows * 36);
            for _ in 0..args.number_rows {
                out.append_value(Uuid::new_v4().to_string());
            }
            return Ok(ColumnarValue::Array(Arc::new(out.finish())));
        }
        let rows = Rows::new(&args.args, args.number_rows)?;
        let mut out = StringBuilder::with_capacity(rows.len, rows.len * 36);
        for row in 0..rows.len {
            match (
                value_at(&rows.arrays[0], row),
                value_at(&rows.arrays[1], row),
            ) {
                (Value::Text(namespace), Value::Text(name)) => {
                    let namespace = Uuid::parse_str(namespace.trim()).map_err(|_| {
                        sf_error(EmulatorError::new(
                            ErrorKind::InvalidValue,
                            format!("Invalid UUID string: '{namespace}'"),
                        ))
                    })?;
                    out.append_value(name_based(&namespace, name).to_string());
                }
                _ => out.append_null(),
            }
        }
        let result: ArrayRef = Arc::new(out.finish());
        rows.finish(result)
    }
}

/// The version 5 UUID of `name` in `namespace`.
fn name_based(namespace: &Uuid, name: &str) -> Uuid {
    let mut input = namespace.as_bytes().to_vec();
    input.extend_from_slice(name.as_bytes());
    let digest = sha1(&input);
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Builder::from_sha1_bytes(bytes).into_uuid()
}

/// SHA-1 (FIPS 180-4) of `data`.
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut state: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let mut message = data.to_vec();
    let bit_length = (data.len() as u64).wrapping_mul(8);
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&bit_length.to_be_bytes());
    for block in message.chunks_exact(64) {
        let mut words = [0u32; 80];
        for (i, word) in block.chunks_exact(4).enumerate() {
            words[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            words[i] = (words[i - 3] ^ words[i - 8] ^ words[i - 14] ^ words[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = state;
        for (i, word) in words.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let next = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*word);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = next;
        }
        for (slot, value) in state.iter_mut().zip([a, b, c, d, e]) {
            *slot = slot.wrapping_add(value);
        }
    }
    let mut digest = [0u8; 20];
    for (chunk, word) in digest.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    digest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn sha1_matches_the_standard_vectors() {
        assert_eq!(
            hex(&sha1(b"abc")),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(hex(&sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(
            hex(&sha1(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
    }

    #[test]
    fn name_based_uuids() {
        let namespace = Uuid::parse_str("fe971b24-9572-4005-b22f-351e9c09274d").unwrap();
        assert_eq!(
            name_based(&namespace, "foo").to_string(),
            "dc0b6f65-fca6-5b4b-9d37-ccc3fde1f3e2"
        );
        let dns = Uuid::parse_str("6ba7b810-9dad-11d1-80b4-00c04fd430c8").unwrap();
        assert_eq!(
            name_based(&dns, "python.org").to_string(),
            "886313e1-3b8a-5372-9b90-0c9aee199e5d"
        );
    }
}
