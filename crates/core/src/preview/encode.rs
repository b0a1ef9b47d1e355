//! PNG encoding (the `png` crate).

use crate::error::{Error, Result};

/// An 8-bit grayscale PNG of `pixels` (`height` rows of `width`).
pub fn gray8(pixels: &[u8], width: usize, height: usize) -> Result<Vec<u8>> {
    let too_big = || {
        Error::invalid(format!(
            "preview: a {width}x{height} image is too large for PNG; give a smaller size"
        ))
    };
    let w = u32::try_from(width).map_err(|_| too_big())?;
    let h = u32::try_from(height).map_err(|_| too_big())?;
    let failed =
        |e: png::EncodingError| Error::invalid(format!("preview: PNG encoding failed: {e}"));
    let mut out = Vec::with_capacity(pixels.len() / 2 + 1024);
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(failed)?;
    writer.write_image_data(pixels).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(out)
}
